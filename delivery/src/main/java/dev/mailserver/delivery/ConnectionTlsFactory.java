package dev.mailserver.delivery;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;

import javax.net.ssl.SSLSocketFactory;

/**
 * The TLS socket factory that the shared mail sessions name: it hands each call to the factory of the
 * connection being opened on the calling thread ({@link #use}), so that one session serves connections with
 * different certificate checks. Angus Mail asks for TLS sockets only while a connection is being opened
 * (implicit TLS or STARTTLS, inside {@code connect}), on the thread that opens it.
 */
final class ConnectionTlsFactory extends SSLSocketFactory {
    static final ConnectionTlsFactory INSTANCE = new ConnectionTlsFactory();

    private static final ThreadLocal<SSLSocketFactory> OPENING = new ThreadLocal<>();

    private ConnectionTlsFactory() {
    }

    /** Makes {@code factory} the one used by TLS sockets made on this thread until the returned scope closes. */
    static Scope use(SSLSocketFactory factory) {
        OPENING.set(factory);
        return OPENING::remove;
    }

    /** The time a connection is being opened on this thread. */
    interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    private static SSLSocketFactory opening() {
        SSLSocketFactory factory = OPENING.get();
        if (factory == null) {
            throw new IllegalStateException("a TLS socket was asked for outside the opening of an SMTP connection");
        }
        return factory;
    }

    @Override
    public Socket createSocket(Socket plain, String host, int port, boolean autoClose) throws IOException {
        return opening().createSocket(plain, host, port, autoClose);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return opening().createSocket(host, port);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return opening().createSocket(host, port, localHost, localPort);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return opening().createSocket(host, port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return opening().createSocket(address, port, localAddress, localPort);
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return opening().getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return opening().getSupportedCipherSuites();
    }
}
