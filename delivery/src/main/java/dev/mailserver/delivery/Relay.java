package dev.mailserver.delivery;

import java.util.Objects;
import java.util.Optional;

/**
 * A fixed next hop that replaces the MX look-up: a transport map entry or the smarthost.
 *
 * @param host a host name (looked up as A/AAAA, never as MX) or an IP literal
 * @param credentials for SMTP AUTH, when the relay wants it
 */
public record Relay(String host, int port, TlsPolicy tls, Optional<Credentials> credentials) {
    public Relay {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(credentials, "credentials");
        if (host.isBlank()) {
            throw new IllegalArgumentException("a relay needs a host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("a port is between 1 and 65535, not " + port);
        }
    }

    /** The name of this next hop as a destination, Postfix style: {@code [host]:port}. */
    public String destination() {
        return "[" + host + "]:" + port;
    }

    /** A user name and password for SMTP AUTH. */
    public record Credentials(String username, String password) {
        public Credentials {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return "Credentials[username=" + username + ", password=***]";
        }
    }
}
