package dev.mailserver.delivery;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.james.core.Domain;

/**
 * How mail for other domains is sent. {@link #builder(String)} starts from the defaults.
 *
 * @param heloName the name given in EHLO
 * @param port the SMTP port of MX hosts (25; tests use another)
 * @param tls STARTTLS towards MX hosts
 * @param maxAddressesPerAttempt how many MX host addresses one attempt tries before deferring
 * @param transports per-domain next hops that replace the MX look-up (like Postfix's transport_maps)
 * @param tlsPolicies per-domain TLS policies for MX delivery, instead of {@code tls}
 * @param smarthost the next hop for every domain without a transport entry, instead of MX look-ups
 * @param selfAddresses this machine's addresses: an MX host on one of them means a mail loop
 * @param connectTimeout how long a TCP connection may take to open
 * @param commandTimeout how long a server may take to answer one command (or to take a write)
 * @param destinationConcurrency connections open at once to one destination (a domain, or a relay)
 * @param maxMessagesPerConnection transactions over one connection before it is closed
 * @param connectionIdleTime how long an unused connection stays open for the next message to its destination
 * @param trustStore the certificates trusted for {@link TlsPolicy#VERIFY} (empty for the JDK's); MTA-STS trusts the JDK's and these
 */
public record RemoteDeliverySettings(String heloName, int port, TlsPolicy tls, int maxAddressesPerAttempt,
                                     Map<Domain, Relay> transports, Map<Domain, TlsPolicy> tlsPolicies, Optional<Relay> smarthost, Set<InetAddress> selfAddresses,
                                     Duration connectTimeout, Duration commandTimeout, int destinationConcurrency,
                                     int maxMessagesPerConnection, Duration connectionIdleTime, Optional<KeyStore> trustStore) {
    public RemoteDeliverySettings {
        Objects.requireNonNull(heloName, "heloName");
        Objects.requireNonNull(tls, "tls");
        transports = Map.copyOf(transports);
        tlsPolicies = Map.copyOf(tlsPolicies);
        Objects.requireNonNull(smarthost, "smarthost");
        selfAddresses = Set.copyOf(selfAddresses);
        Objects.requireNonNull(trustStore, "trustStore");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("a port is between 1 and 65535, not " + port);
        }
        requirePositive("maxAddressesPerAttempt", maxAddressesPerAttempt);
        requirePositive("destinationConcurrency", destinationConcurrency);
        requirePositive("maxMessagesPerConnection", maxMessagesPerConnection);
        requirePositive("connectTimeout", connectTimeout);
        requirePositive("commandTimeout", commandTimeout);
        requirePositive("connectionIdleTime", connectionIdleTime);
    }

    public static Builder builder(String heloName) {
        return new Builder(heloName);
    }

    /** The addresses of this machine's network interfaces. */
    public static Set<InetAddress> machineAddresses() {
        try {
            return NetworkInterface.networkInterfaces().flatMap(NetworkInterface::inetAddresses).collect(Collectors.toUnmodifiableSet());
        } catch (SocketException e) {
            throw new IllegalStateException("cannot list this machine's network interfaces", e);
        }
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, not " + value);
        }
    }

    private static void requirePositive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, not " + value);
        }
    }

    /** Starts from the defaults: port 25, opportunistic TLS ({@link TlsPolicy#MAY}), 5 addresses, 20 connections per destination... */
    public static final class Builder {
        private final String heloName;
        private int port = 25;
        private TlsPolicy tls = TlsPolicy.MAY;
        private int maxAddressesPerAttempt = 5;
        private Map<Domain, Relay> transports = Map.of();
        private Map<Domain, TlsPolicy> tlsPolicies = Map.of();
        private Optional<Relay> smarthost = Optional.empty();
        private Set<InetAddress> selfAddresses;
        private Duration connectTimeout = Duration.ofSeconds(30);
        private Duration commandTimeout = Duration.ofMinutes(5);
        private int destinationConcurrency = 20;
        private int maxMessagesPerConnection = 100;
        private Duration connectionIdleTime = Duration.ofSeconds(10);
        private Optional<KeyStore> trustStore = Optional.empty();

        private Builder(String heloName) {
            this.heloName = heloName;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder tls(TlsPolicy tls) {
            this.tls = tls;
            return this;
        }

        public Builder maxAddressesPerAttempt(int maxAddressesPerAttempt) {
            this.maxAddressesPerAttempt = maxAddressesPerAttempt;
            return this;
        }

        public Builder transports(Map<Domain, Relay> transports) {
            this.transports = transports;
            return this;
        }

        public Builder tlsPolicies(Map<Domain, TlsPolicy> tlsPolicies) {
            this.tlsPolicies = tlsPolicies;
            return this;
        }

        public Builder smarthost(Optional<Relay> smarthost) {
            this.smarthost = smarthost;
            return this;
        }

        /** Default: {@link #machineAddresses()}. */
        public Builder selfAddresses(Set<InetAddress> selfAddresses) {
            this.selfAddresses = selfAddresses;
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        public Builder commandTimeout(Duration commandTimeout) {
            this.commandTimeout = commandTimeout;
            return this;
        }

        public Builder destinationConcurrency(int destinationConcurrency) {
            this.destinationConcurrency = destinationConcurrency;
            return this;
        }

        public Builder maxMessagesPerConnection(int maxMessagesPerConnection) {
            this.maxMessagesPerConnection = maxMessagesPerConnection;
            return this;
        }

        public Builder connectionIdleTime(Duration connectionIdleTime) {
            this.connectionIdleTime = connectionIdleTime;
            return this;
        }

        public Builder trustStore(Optional<KeyStore> trustStore) {
            this.trustStore = trustStore;
            return this;
        }

        public RemoteDeliverySettings build() {
            return new RemoteDeliverySettings(heloName, port, tls, maxAddressesPerAttempt, transports, tlsPolicies, smarthost,
                selfAddresses == null ? machineAddresses() : selfAddresses, connectTimeout, commandTimeout, destinationConcurrency,
                maxMessagesPerConnection, connectionIdleTime, trustStore);
        }
    }
}
