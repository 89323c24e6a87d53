package dev.mailserver.smtp.tls;

import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

import org.apache.james.protocols.api.ClientAuth;
import org.apache.james.protocols.netty.Encryption;

import io.netty.handler.ssl.SslHandler;

/**
 * TLS as one listener offers it: TLS 1.2 and 1.3 only; the TLS 1.3 suites (all AEAD, in the order
 * {@link Tls13Suites} gives) and, for TLS 1.2,
 * the configured suites, by default {@link #AEAD_TLS12_SUITES} (ECDHE with AES-GCM or ChaCha20-Poly1305:
 * no CBC suites, which scanners flag as obsolete and Lucky13-prone); the server certificate as it stands
 * when the connection starts TLS. A client may not renegotiate (see {@link ServerCertificate}).
 */
public final class ListenerEncryption implements Encryption {
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    /** The TLS 1.2 suites offered by default: forward secret and AEAD. */
    public static final List<String> AEAD_TLS12_SUITES = List.of(
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
    private static final List<String> TLS13_SUITES = Tls13Suites.inFastestOrder();

    private final ServerCertificate certificate;
    private final boolean startTls;
    private final String[] cipherSuites;

    /**
     * @param tls12Suites the TLS 1.2 cipher suites to offer (JDK names), in order of preference
     * @throws IllegalArgumentException naming a suite the JDK does not know
     */
    public ListenerEncryption(ServerCertificate certificate, boolean startTls, List<String> tls12Suites) {
        this.certificate = certificate;
        this.startTls = startTls;
        this.cipherSuites = suites(tls12Suites);
    }

    /** @throws IllegalArgumentException naming a suite the JDK does not know */
    public static void checkSuites(List<String> tls12Suites) {
        suites(tls12Suites);
    }

    private static String[] suites(List<String> tls12Suites) {
        Set<String> supported;
        try {
            supported = Set.of(SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK offers no TLS", e);
        }
        List<String> suites = new ArrayList<>(TLS13_SUITES);
        for (String suite : tls12Suites) {
            if (!supported.contains(suite)) {
                throw new IllegalArgumentException("unknown TLS cipher suite " + suite + " (JDK names, e.g. " + AEAD_TLS12_SUITES.get(0) + ")");
            }
            suites.add(suite);
        }
        return suites.toArray(String[]::new);
    }

    @Override
    public boolean isStartTLS() {
        return startTls;
    }

    @Override
    public boolean supportsEncryption() {
        return true;
    }

    @Override
    public String[] getEnabledCipherSuites() {
        return cipherSuites.clone();
    }

    @Override
    public ClientAuth getClientAuth() {
        return ClientAuth.NONE;
    }

    @Override
    public SslHandler sslHandler() {
        SSLEngine engine = certificate.context().createSSLEngine();
        engine.setUseClientMode(false);
        engine.setEnabledProtocols(PROTOCOLS.clone());
        engine.setEnabledCipherSuites(cipherSuites.clone());
        return new SslHandler(engine);
    }
}
