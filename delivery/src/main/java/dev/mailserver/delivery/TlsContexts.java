package dev.mailserver.delivery;

import java.io.IOException;
import java.net.InetAddress;
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

    private static final class NamedHostSocketFactory extends SSLSocketFactory {
        private final SSLSocketFactory delegate;
        private final String hostName;

        NamedHostSocketFactory(SSLSocketFactory delegate, String hostName) {
            this.delegate = delegate;
            this.hostName = hostName;
        }

        @Override
        public Socket createSocket(Socket plain, String ignoredHost, int port, boolean autoClose) throws IOException {
            return delegate.createSocket(plain, hostName, port, autoClose);
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return delegate.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return delegate.getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return delegate.createSocket(host, port);
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return delegate.createSocket(host, port, localHost, localPort);
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return delegate.createSocket(host, port);
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
            return delegate.createSocket(address, port, localAddress, localPort);
        }
    }
}
