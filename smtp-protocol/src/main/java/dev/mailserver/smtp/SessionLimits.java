package dev.mailserver.smtp;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits a listener puts on its clients; each one, when hit, is answered with its own enhanced
 * status code.
 *
 * @param maxMessageSize largest message in bytes, advertised with SIZE (RFC 1870); {@code 552 5.3.4}
 * @param maxLineLength longest command or DATA line in bytes, line end not counted; {@code 500 5.5.2}
 * @param maxRecipients RCPT commands per message, repeated recipients included; {@code 452 4.5.3}
 * @param maxTransactions mail transactions (accepted MAIL commands) per session, advertised as LIMITS MAILMAX
 *        (RFC 9422); the MAIL that would start one more gets {@code 452 4.5.3}
 * @param idleTimeout how long a client may stay silent; then {@code 421 4.4.2}
 * @param maxSessionTime how long a connection may last in all; then {@code 421 4.4.2}
 * @param maxConnections connections open at once on the listener; more get {@code 421 4.7.0}
 * @param maxConnectionsPerClient connections open at once from one IP address; more get {@code 421 4.7.0}
 * @param maxErrors error replies (4xx and 5xx) in one session before it is closed with {@code 421 4.7.0}
 * @param maxCommands commands in one session before it is closed with {@code 421 4.7.0}
 * @param maxAuthFailures failed AUTH attempts in one session before it is closed with {@code 421 4.7.0}
 */
public record SessionLimits(long maxMessageSize, int maxLineLength, int maxRecipients, int maxTransactions,
                            Duration idleTimeout, Duration maxSessionTime, int maxConnections, int maxConnectionsPerClient, int maxErrors,
                            int maxCommands, int maxAuthFailures) {

    public SessionLimits {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(maxSessionTime, "maxSessionTime");
        requirePositive(maxMessageSize, "maxMessageSize");
        requirePositive(maxLineLength, "maxLineLength");
        requirePositive(maxRecipients, "maxRecipients");
        requirePositive(maxTransactions, "maxTransactions");
        requirePositive(idleTimeout.toMillis(), "idleTimeout");
        requirePositive(maxSessionTime.toMillis(), "maxSessionTime");
        requirePositive(maxConnections, "maxConnections");
        requirePositive(maxConnectionsPerClient, "maxConnectionsPerClient");
        requirePositive(maxErrors, "maxErrors");
        requirePositive(maxCommands, "maxCommands");
        requirePositive(maxAuthFailures, "maxAuthFailures");
    }

    /** The documented defaults (see reference.conf of the server). */
    public static SessionLimits defaults() {
        return new SessionLimits(25L * 1024 * 1024, 8192, 1000, 1000, Duration.ofMinutes(5), Duration.ofHours(1),
            500, 20, 20, 10_000, 3);
    }

    private static void requirePositive(long value, String what) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " must be positive, not " + value);
        }
    }
}
