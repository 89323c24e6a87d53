package dev.mailserver.delivery.tls;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * PKIX trust managers (chain checks only; host names are checked by the caller): of a trust store, or
 * the JDK's when there is none; and for MTA-STS, which means the public web PKI (RFC 8461 section 4.1),
 * the JDK's together with the trust store's.
 */
public final class TrustManagers {

    private TrustManagers() {
    }

    /** The trust store's certificates; the JDK's when it is empty. */
    public static X509TrustManager of(Optional<KeyStore> trustStore) {
        return load(trustStore.orElse(null));
    }

    /** The JDK's certificates and, when there is one, the trust store's: a chain that either trusts passes. */
    public static X509TrustManager webPki(Optional<KeyStore> trustStore) {
        X509TrustManager jdk = load(null);
        if (trustStore.isEmpty()) {
            return jdk;
        }
        return new EitherTrusts(List.of(load(trustStore.get()), jdk));
    }

    private static X509TrustManager load(KeyStore store) {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return Arrays.stream(factory.getTrustManagers()).filter(X509TrustManager.class::isInstance).map(X509TrustManager.class::cast)
                .findFirst().orElseThrow(() -> new IllegalStateException("the JDK has no X.509 trust manager"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the trusted certificates", e);
        }
    }

    private record EitherTrusts(List<X509TrustManager> managers) implements X509TrustManager {
        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            CertificateException last = null;
            for (X509TrustManager manager : managers) {
                try {
                    manager.checkServerTrusted(chain, authType);
                    return;
                } catch (CertificateException e) {
                    last = e;
                }
            }
            throw last;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("only servers are checked");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            List<X509Certificate> issuers = new ArrayList<>();
            managers.forEach(manager -> issuers.addAll(List.of(manager.getAcceptedIssuers())));
            return issuers.toArray(X509Certificate[]::new);
        }
    }
}
