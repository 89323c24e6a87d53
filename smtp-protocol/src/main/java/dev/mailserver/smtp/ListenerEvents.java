package dev.mailserver.smtp;

/**
 * What a listener tells an observer, e.g. for metrics: connections, TLS sessions and failed logins.
 * Called on the connection's IO thread, so an implementation must return at once. Every method does
 * nothing by default.
 */
public interface ListenerEvents {
    ListenerEvents NONE = new ListenerEvents() {
    };

    /** A connection was accepted (within the connection limits) and its session starts. */
    default void connectionOpened(ListenerSettings listener) {
    }

    /** A connection counted by {@link #connectionOpened} has closed. */
    default void connectionClosed(ListenerSettings listener) {
    }

    /** A TLS handshake (implicit or after STARTTLS) succeeded with this protocol, e.g. {@code TLSv1.3}. */
    default void tlsEstablished(ListenerSettings listener, String protocol) {
    }

    /** An AUTH attempt failed. */
    default void authFailed(ListenerSettings listener) {
    }
}
