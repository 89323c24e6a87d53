package dev.mailserver.smtp;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * How one SMTP listener is set up.
 *
 * @param name short name used in thread names and logs, e.g. {@code mta}
 * @param maxMessageSize largest message accepted, in bytes; advertised with SIZE (RFC 1870)
 * @param maxLineLength longest command or DATA line, in bytes, line end not counted
 * @param maxRecipients RCPT commands accepted per message
 * @param idleTimeout how long a client may stay silent before it gets {@code 421 4.4.2} and is disconnected
 * @param drainTimeout how long a stopping listener waits for messages in transfer to finish
 */
public record ListenerSettings(String name, InetSocketAddress address, String hostname, long maxMessageSize,
                               int maxLineLength, int maxRecipients, Duration idleTimeout, Duration drainTimeout) {
    public static final long DEFAULT_MAX_MESSAGE_SIZE = 25L * 1024 * 1024;
    public static final int DEFAULT_MAX_LINE_LENGTH = 8192;
    public static final int DEFAULT_MAX_RECIPIENTS = 1000;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(30);

    public ListenerSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        requirePositive(maxMessageSize, "maxMessageSize");
        requirePositive(maxLineLength, "maxLineLength");
        requirePositive(maxRecipients, "maxRecipients");
        requirePositive(idleTimeout.toMillis(), "idleTimeout");
    }

    /** A listener with every limit at its default. */
    public static ListenerSettings withDefaults(String name, InetSocketAddress address, String hostname) {
        return new ListenerSettings(name, address, hostname, DEFAULT_MAX_MESSAGE_SIZE, DEFAULT_MAX_LINE_LENGTH,
            DEFAULT_MAX_RECIPIENTS, DEFAULT_IDLE_TIMEOUT, DEFAULT_DRAIN_TIMEOUT);
    }

    private static void requirePositive(long value, String what) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " must be positive, not " + value);
        }
    }
}
