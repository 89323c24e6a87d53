package dev.mailserver.smtp.tls;

import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

/**
 * TLS as every listener offers it (SMTP, POP3, ManageSieve): TLS 1.2 and 1.3 only; the TLS 1.3 suites (all AEAD)
 * and, for TLS 1.2, the configured suites, by default {@link #AEAD_TLS12_SUITES} (ECDHE with AES-GCM or
 * ChaCha20-Poly1305: no CBC suites, which scanners flag as obsolete and Lucky13-prone), in the server's order; the
 * server certificate as it stands when a connection starts TLS. A client may not renegotiate: BoringSSL has no
 * server-side renegotiation, and the JDK's is switched off ({@code jdk.tls.rejectClientInitiatedRenegotiation}).
 */
public final class ServerTls {
    private static final Logger LOGGER = LoggerFactory.getLogger(ServerTls.class);
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    /** The TLS 1.2 suites offered by default: forward secret and AEAD. */
    public static final List<String> AEAD_TLS12_SUITES = List.of(
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
    private static final String REJECT_RENEGOTIATION = "jdk.tls.rejectClientInitiatedRenegotiation";

    static {
        // Before any JDK server engine exists, so that it holds however the server is started (no launcher flag
        // needed); a value given on the command line is kept.
        if (System.getProperty(REJECT_RENEGOTIATION) == null) {
            System.setProperty(REJECT_RENEGOTIATION, "true");
        }
    }

    private final ServerCertificate certificate;
    private final TlsProvider provider;
    private final List<String> cipherSuites;
    private volatile Made made;

    /** A TLS context and the key it was made with. */
    private record Made(CertifiedKey key, SslContext context) {
    }

    /**
     * @param wanted the implementation to run on; BoringSSL falls back to the JDK's, with a warning, where its
     *     native library does not load
     * @param tls12Suites the TLS 1.2 cipher suites to offer (JDK names), in order of preference
     * @throws IllegalArgumentException naming a suite the implementation does not know
     * @throws SSLException when no TLS context can be made with the certificate
     */
    public ServerTls(ServerCertificate certificate, TlsProvider wanted, List<String> tls12Suites) throws SSLException {
        this.certificate = certificate;
        this.provider = usable(wanted);
        if (provider != wanted) {
            LOGGER.warn("BoringSSL (netty-tcnative) does not load here ({}): TLS runs on the JDK's implementation",
                OpenSsl.unavailabilityCause().toString());
        }
        this.cipherSuites = suites(provider, tls12Suites);
        CertifiedKey key = certificate.current();
        this.made = new Made(key, make(key));
    }

    /** TLS on BoringSSL where it loads, with the default suites. */
    public static ServerTls withDefaults(ServerCertificate certificate) throws SSLException {
        return new ServerTls(certificate, TlsProvider.BORINGSSL, AEAD_TLS12_SUITES);
    }

    /** @throws IllegalArgumentException naming a suite that {@code provider} (or the JDK, where it falls back) does not know */
    public static void checkSuites(TlsProvider provider, List<String> tls12Suites) {
        suites(usable(provider), tls12Suites);
    }

    /** The implementation in use: the one asked for, or the JDK's where BoringSSL does not load. */
    public TlsProvider provider() {
        return provider;
    }

    /**
     * The context for a connection starting TLS now: made anew, on the calling thread (CPU only: the files were read
     * off it), once the certificate has been replaced. A replacement no context can be made with is logged and the
     * context before stays in use.
     */
    public SslContext context() {
        Made last = made;
        CertifiedKey key = certificate.current();
        if (key != last.key()) {
            try {
                last = new Made(key, make(key));
            } catch (SSLException e) {
                LOGGER.error("Cannot use the replaced TLS certificate ({}); still presenting the one before", e.getMessage());
                last = new Made(key, last.context());
            }
            made = last;
        }
        return last.context();
    }

    private SslContext make(CertifiedKey key) throws SSLException {
        return SslContextBuilder.forServer(key.key(), key.chain())
            .sslProvider(provider == TlsProvider.BORINGSSL ? SslProvider.OPENSSL : SslProvider.JDK)
            .protocols(PROTOCOLS)
            .ciphers(cipherSuites)
            .build();
    }

    private static TlsProvider usable(TlsProvider wanted) {
        return wanted == TlsProvider.BORINGSSL && !OpenSsl.isAvailable() ? TlsProvider.JDK : wanted;
    }

    private static List<String> suites(TlsProvider provider, List<String> tls12Suites) {
        Set<String> supported = provider == TlsProvider.BORINGSSL ? OpenSsl.availableJavaCipherSuites() : jdkSuites();
        List<String> suites = new ArrayList<>(Tls13Suites.inFastestOrder());
        for (String suite : tls12Suites) {
            if (!supported.contains(suite)) {
                throw new IllegalArgumentException("unknown TLS cipher suite " + suite + " (JDK names, e.g. " + AEAD_TLS12_SUITES.get(0) + ")");
            }
            suites.add(suite);
        }
        return List.copyOf(suites);
    }

    private static Set<String> jdkSuites() {
        try {
            return Set.of(SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK offers no TLS", e);
        }
    }
}
