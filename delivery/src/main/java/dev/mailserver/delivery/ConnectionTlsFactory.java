package dev.mailserver.delivery;

import javax.net.ssl.SSLSocketFactory;

/**
 * The TLS socket factory that the shared mail sessions name: it hands each call to the factory of the
 * connection being opened on the calling thread ({@link #use}), so that one session serves connections with
 * different certificate checks. Angus Mail asks for TLS sockets only while a connection is being opened
 * (implicit TLS or STARTTLS, inside {@code connect}), on the thread that opens it.
 */
final class ConnectionTlsFactory extends DelegatingSslSocketFactory {
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

    @Override
    SSLSocketFactory delegate() {
        SSLSocketFactory factory = OPENING.get();
        if (factory == null) {
            throw new IllegalStateException("a TLS socket was asked for outside the opening of an SMTP connection");
        }
        return factory;
    }
}
