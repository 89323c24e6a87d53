package dev.mailserver.pop3;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * One POP3 listener.
 *
 * @param idleTimeout a client silent this long is disconnected (RFC 1939 asks for at least 10 minutes)
 * @param maxAuthFailures failed logins in one session before it is closed
 */
public record Pop3Settings(InetSocketAddress address, Pop3Tls tls, Duration idleTimeout, int maxAuthFailures) {
    public Pop3Settings {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (idleTimeout.isNegative() || idleTimeout.isZero() || maxAuthFailures < 1) {
            throw new IllegalArgumentException("the idle timeout and the failures per session are positive");
        }
    }
}
