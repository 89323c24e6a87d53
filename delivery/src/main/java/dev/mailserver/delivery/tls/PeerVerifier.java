package dev.mailserver.delivery.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.Optional;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

import dev.mailserver.delivery.dane.TlsaMatcher;

/**
 * The trust manager of one connection: checks the server's chain as its {@link PeerCheck} says and
 * remembers the result. An enforced check that fails ends the handshake; one that is not enforced lets
 * the connection go on, and the failure is only reported.
 */
public final class PeerVerifier extends X509ExtendedTrustManager {
    private final PeerCheck check;
    private final boolean enforced;
    private final X509TrustManager pkix;
    private volatile boolean sawCertificate;
    private volatile boolean verified;
    private volatile CertificateFailure failure;

    /** @param pkix the trust store's trust manager, used without host name checks */
    public PeerVerifier(PeerCheck check, boolean enforced, X509TrustManager pkix) {
        this.check = check;
        this.enforced = enforced;
        this.pkix = pkix;
    }

    /** What the connection got, once the handshake is done; {@code encrypted} says whether TLS was used at all. */
    public TlsOutcome outcome(boolean encrypted) {
        if (!encrypted) {
            return TlsOutcome.NONE;
        }
        return verified ? check.verifiedAs() : TlsOutcome.UNTRUSTED;
    }

    /** Why the certificate failed its check, when it did. */
    public Optional<CertificateFailure> failure() {
        return Optional.ofNullable(failure);
    }

    /** Whether the server got as far as showing its certificate. */
    public boolean sawCertificate() {
        return sawCertificate;
    }

    private void checkChain(X509Certificate[] chain, String authType) throws CertificateException {
        sawCertificate = true;
        Optional<CertificateFailure> problem = switch (check) {
            case PeerCheck.AnyCertificate any -> Optional.empty();
            case PeerCheck.WebPki webPki -> webPki(chain, authType, webPki.hostName());
            case PeerCheck.Dane dane -> TlsaMatcher.check(chain, dane.records(), dane.hostName());
        };
        if (problem.isEmpty()) {
            verified = true;
            return;
        }
        failure = problem.get();
        if (enforced) {
            throw new CertificateException(problem.get().detail());
        }
    }

    private Optional<CertificateFailure> webPki(X509Certificate[] chain, String authType, String hostName) {
        try {
            pkix.checkServerTrusted(chain, authType);
        } catch (CertificateException e) {
            return Optional.of(expired(e)
                ? new CertificateFailure("certificate-expired", "the certificate of " + hostName + " has expired or is not yet valid")
                : new CertificateFailure("certificate-not-trusted", "the certificate of " + hostName + " is not trusted: " + e.getMessage()));
        }
        if (!CertificateNames.names(chain[0], hostName)) {
            return Optional.of(new CertificateFailure("certificate-host-mismatch", "the certificate does not name " + hostName));
        }
        return Optional.empty();
    }

    private static boolean expired(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof CertificateExpiredException || cause instanceof CertificateNotYetValidException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        checkChain(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkChain(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkChain(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
        throw new UnsupportedOperationException("the SMTP client never checks clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        throw new UnsupportedOperationException("the SMTP client never checks clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        throw new UnsupportedOperationException("the SMTP client never checks clients");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
