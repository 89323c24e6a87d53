package dev.mailserver.delivery;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Optional;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import dev.mailserver.delivery.tls.ConnectionSecurity;
import dev.mailserver.delivery.tls.PeerCheck;
import dev.mailserver.delivery.tls.PeerVerifier;
import dev.mailserver.delivery.tls.TrustManagers;

/**
 * The TLS set-ups of the SMTP client: each connection gets its own {@link PeerVerifier}, which checks the
 * server's certificate as the connection's policy says: against the trust store (or the JDK's) for
 * {@code verify}, against the JDK's and the trust store's for MTA-STS.
 */
final class TlsContexts {
    private final X509TrustManager pkix;
    private final X509TrustManager webPki;

    TlsContexts(Optional<KeyStore> trustStore) {
        this.pkix = TrustManagers.of(trustStore);
        this.webPki = TrustManagers.webPki(trustStore);
    }

    /** MTA-STS checks against the public web PKI (and the trust store); {@code verify}, against the trust store. */
    PeerVerifier verifier(ConnectionSecurity security) {
        boolean publicPki = security.check() instanceof PeerCheck.WebPki check && check.publicPki();
        return new PeerVerifier(security.check(), security.enforced(), publicPki ? webPki : pkix);
    }

    /**
     * The socket factory for STARTTLS to {@code hostName}. Connections are opened to an address our own
     * resolver chose, so the factory tells TLS the host name (for SNI) itself.
     */
    SSLSocketFactory forHost(String hostName, PeerVerifier verifier) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {verifier}, null);
            return new NamedHostSocketFactory(context.getSocketFactory(), hostName);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS for the SMTP client", e);
        }
    }

    /** Names the host it was made for in the TLS handshake (SNI), whatever name the caller passes. */
    private static final class NamedHostSocketFactory extends DelegatingSslSocketFactory {
        private final SSLSocketFactory delegate;
        private final String hostName;

        NamedHostSocketFactory(SSLSocketFactory delegate, String hostName) {
            this.delegate = delegate;
            this.hostName = hostName;
        }

        @Override
        SSLSocketFactory delegate() {
            return delegate;
        }

        @Override
        public Socket createSocket(Socket plain, String ignoredHost, int port, boolean autoClose) throws IOException {
            return delegate.createSocket(plain, hostName, port, autoClose);
        }
    }
}
