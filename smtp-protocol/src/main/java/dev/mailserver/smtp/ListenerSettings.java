package dev.mailserver.smtp;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * How one SMTP listener is set up.
 *
 * @param name short name used in thread names and logs, e.g. {@code submission}
 * @param hostname the name in the greeting, the EHLO reply and Received: headers
 * @param drainTimeout how long a stopping listener waits for messages in transfer to finish
 */
public record ListenerSettings(String name, ListenerRole role, InetSocketAddress address, TlsMode tls, String hostname,
                               SessionLimits limits, Duration drainTimeout) {
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(30);

    public ListenerSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        if (role == ListenerRole.SUBMISSION && tls == TlsMode.NONE) {
            throw new IllegalArgumentException("listener " + name + ": submission needs TLS (STARTTLS or implicit), "
                + "since AUTH is only accepted over TLS");
        }
    }

    /** A listener with the default limits and drain timeout. */
    public static ListenerSettings withDefaults(String name, ListenerRole role, InetSocketAddress address, TlsMode tls, String hostname) {
        return new ListenerSettings(name, role, address, tls, hostname, SessionLimits.defaults(), DEFAULT_DRAIN_TIMEOUT);
    }
}
