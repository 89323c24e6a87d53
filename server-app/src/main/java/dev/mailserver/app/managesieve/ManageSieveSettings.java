package dev.mailserver.app.managesieve;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * The ManageSieve listener (RFC 5804).
 *
 * @param idleTimeout a client silent this long is disconnected
 * @param maxAuthFailures failed logins in one session before it is closed
 */
public record ManageSieveSettings(InetSocketAddress address, Duration idleTimeout, int maxAuthFailures) {
    public ManageSieveSettings {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (idleTimeout.isNegative() || idleTimeout.isZero() || maxAuthFailures < 1) {
            throw new IllegalArgumentException("the idle timeout and the failures per session are positive");
        }
    }
}
