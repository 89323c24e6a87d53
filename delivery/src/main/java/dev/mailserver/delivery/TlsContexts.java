package dev.mailserver.delivery;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Optional;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The TLS set-ups of the SMTP client: one that accepts any certificate (opportunistic STARTTLS) and one
 * that checks certificates against a trust store (required TLS).
 */
final class TlsContexts {
    private final SSLContext trustingAny;
    private final SSLContext verifying;

    TlsContexts(Optional<KeyStore> trustStore) {
        try {
            trustingAny = SSLContext.getInstance("TLS");
            trustingAny.init(null, new TrustManager[] {new AnyCertificate()}, null);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trustStore.orElse(null));
            verifying = SSLContext.getInstance("TLS");
            verifying.init(null, trust.getTrustManagers(), null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS for the SMTP client", e);
        }
    }

    /**
     * The socket factory for STARTTLS to {@code hostName}. Connections are opened to an address our own
     * resolver chose, so the factory tells TLS the host name (for SNI and the certificate check) itself.
     */
    SSLSocketFactory forHost(String hostName, boolean verify) {
        return new NamedHostSocketFactory((verify ? verifying : trustingAny).getSocketFactory(), hostName);
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

    /** Opportunistic TLS encrypts without authenticating the server, like Postfix's {@code may} level. */
    private static final class AnyCertificate extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("the SMTP client never checks clients");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            throw new UnsupportedOperationException("the SMTP client never checks clients");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            throw new UnsupportedOperationException("the SMTP client never checks clients");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
