package dev.mailserver.app.config;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;

import dev.mailserver.delivery.Relay;
import dev.mailserver.delivery.RemoteDeliverySettings;
import dev.mailserver.delivery.TlsPolicy;
import dev.mailserver.delivery.dane.DnssecLookup;
import dev.mailserver.delivery.tlsrpt.TlsReportSender;

/** Reads the {@code mailserver.delivery} section; every problem names its key. */
final class DeliveryConfigLoader {
    private static final String ROOT = "mailserver.";
    private static final String REMOTE = "delivery.remote.";
    private static final Set<String> TRANSPORT_KEYS = Set.of("domain", "host", "port", "tls", "username", "password");

    private DeliveryConfigLoader() {
    }

    /** @param config the {@code mailserver} section, defaults included */
    static DeliveryConfig load(Config config, String hostname) {
        RemoteDeliverySettings settings = RemoteDeliverySettings.builder(hostname)
            .port(port(config, REMOTE + "port"))
            .tls(tls(config, REMOTE + "tls"))
            .maxAddressesPerAttempt(positiveInt(config, REMOTE + "max-addresses"))
            .transports(transports(config))
            .tlsPolicies(tlsPolicies(config))
            .smarthost(smarthost(config))
            .selfAddresses(selfAddresses(config))
            .connectTimeout(positiveDuration(config, REMOTE + "connect-timeout"))
            .commandTimeout(positiveDuration(config, REMOTE + "command-timeout"))
            .destinationConcurrency(positiveInt(config, REMOTE + "destination-concurrency"))
            .maxMessagesPerConnection(positiveInt(config, REMOTE + "max-messages-per-connection"))
            .connectionIdleTime(positiveDuration(config, REMOTE + "connection-idle-time"))
            .trustStore(trustStore(config))
            .build();
        return new DeliveryConfig(
            positiveInt(config, "delivery.concurrency"),
            positiveInt(config, "delivery.max-received-headers"),
            config.getBoolean("delivery.on-arrival.enabled"),
            positiveInt(config, "delivery.on-arrival.min-concurrent"),
            dnsServers(config),
            positiveDuration(config, "delivery.dns.timeout"),
            settings,
            LocalDeliveryConfigLoader.load(config),
            outboundTls(config, hostname),
            ForwardingConfigLoader.load(config));
    }

    private static OutboundTlsConfig outboundTls(Config config, String hostname) {
        String anchors = String.join("\n", config.getStringList(REMOTE + "dane.trust-anchors"));
        try {
            DnssecLookup.using(List.of(), Duration.ofSeconds(1), anchors);
        } catch (IllegalArgumentException e) {
            throw bad(config, REMOTE + "dane.trust-anchors", e.getMessage());
        }
        Optional<TlsReportSender.Settings> reports = Optional.empty();
        if (config.getBoolean(REMOTE + "tls-reports.enabled")) {
            String organization = config.getString(REMOTE + "tls-reports.organization");
            String contact = config.getString(REMOTE + "tls-reports.contact");
            String from = config.getString(REMOTE + "tls-reports.from");
            reports = Optional.of(new TlsReportSender.Settings(organization.isBlank() ? hostname : organization,
                contact.isBlank() ? "mailto:postmaster@" + hostname : contact, hostname,
                mailAddress(config, REMOTE + "tls-reports.from", from.isBlank() ? "postmaster@" + hostname : from)));
        }
        return new OutboundTlsConfig(positiveDuration(config, REMOTE + "mta-sts.fetch-timeout"), port(config, REMOTE + "mta-sts.https-port"),
            anchors, reports);
    }

    private static MailAddress mailAddress(Config config, String path, String text) {
        try {
            return new MailAddress(text);
        } catch (javax.mail.internet.AddressException e) {
            throw bad(config, path, "'" + text + "' is not a mail address");
        }
    }

    /** Entries of a list are checked here: the unknown-key check of {@link ConfigLoader} does not look inside lists. */
    private static Map<Domain, Relay> transports(Config config) {
        Map<Domain, Relay> transports = new HashMap<>();
        for (Config entry : transportEntries(config)) {
            if (!entry.hasPath("host")) {
                continue;
            }
            TlsPolicy tls = entry.hasPath("tls") ? tls(entry, "tls") : tls(config, REMOTE + "tls");
            if (tls == TlsPolicy.MTA_STS) {
                throw badEntry(entry, "tls = mta-sts applies to MX hosts, not to a relay host (use dane or verify)");
            }
            transports.put(Domain.of(entry.getString("domain")), relay(entry, entry.hasPath("port") ? port(entry, "port") : 25, tls));
        }
        return transports;
    }

    /** Entries with a domain and a tls but no host: the domain keeps its MX hosts, with its own TLS policy. */
    private static Map<Domain, TlsPolicy> tlsPolicies(Config config) {
        Map<Domain, TlsPolicy> policies = new HashMap<>();
        for (Config entry : transportEntries(config)) {
            if (!entry.hasPath("host")) {
                policies.put(Domain.of(entry.getString("domain")), tls(entry, "tls"));
            }
        }
        return policies;
    }

    private static List<? extends Config> transportEntries(Config config) {
        List<? extends Config> entries = config.getConfigList(REMOTE + "transports");
        Set<String> domains = new java.util.HashSet<>();
        for (Config entry : entries) {
            for (String key : entry.root().keySet()) {
                if (!TRANSPORT_KEYS.contains(key)) {
                    throw badEntry(entry, "unknown key '" + key + "' (known: " + TRANSPORT_KEYS.stream().sorted().toList() + ")");
                }
            }
            if (!entry.hasPath("domain") || !(entry.hasPath("host") || entry.hasPath("tls"))) {
                throw badEntry(entry, "each entry needs a domain, and a host or a tls");
            }
            if (!domains.add(Domain.of(entry.getString("domain")).asString())) {
                throw badEntry(entry, "domain " + entry.getString("domain") + " has two entries");
            }
        }
        return entries;
    }

    private static ConfigException badEntry(Config entry, String problem) {
        return new ConfigException.BadValue(entry.root().origin(), ROOT + REMOTE + "transports", problem);
    }

    private static Optional<Relay> smarthost(Config config) {
        Config smarthost = config.getConfig(REMOTE + "smarthost");
        if (smarthost.getString("host").isBlank()) {
            return Optional.empty();
        }
        return Optional.of(relay(smarthost, port(config, REMOTE + "smarthost.port"), tls(config, REMOTE + "smarthost.tls")));
    }

    private static Relay relay(Config entry, int port, TlsPolicy tls) {
        String username = entry.hasPath("username") ? entry.getString("username") : "";
        String password = entry.hasPath("password") ? entry.getString("password") : "";
        Optional<Relay.Credentials> credentials = username.isEmpty() ? Optional.empty() : Optional.of(new Relay.Credentials(username, password));
        return new Relay(entry.getString("host"), port, tls, credentials);
    }

    private static Set<InetAddress> selfAddresses(Config config) {
        List<String> configured = config.getStringList(REMOTE + "self-addresses");
        if (configured.isEmpty()) {
            return RemoteDeliverySettings.machineAddresses();
        }
        return configured.stream().map(address -> ipLiteral(config, REMOTE + "self-addresses", address)).collect(Collectors.toSet());
    }

    /** {@code address} or {@code address:port} (IPv4), or a bare IPv6 address; port 53 by default. */
    private static List<InetSocketAddress> dnsServers(Config config) {
        return config.getStringList("delivery.dns.servers").stream().map(server -> {
            int colon = server.lastIndexOf(':');
            boolean withPort = colon > 0 && server.indexOf(':') == colon;
            String host = withPort ? server.substring(0, colon) : server;
            int port = withPort ? Integer.parseInt(server.substring(colon + 1)) : 53;
            return new InetSocketAddress(ipLiteral(config, "delivery.dns.servers", host), port);
        }).toList();
    }

    /** An IP address, never a name: a name would need the DNS this setting configures. */
    private static InetAddress ipLiteral(Config config, String path, String text) {
        try {
            if (!text.matches("[0-9.]+|[0-9a-fA-F:]+")) {
                throw new UnknownHostException(text);
            }
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw bad(config, path, "'" + text + "' is not an IP address");
        }
    }

    private static Optional<KeyStore> trustStore(Config config) {
        String file = config.getString(REMOTE + "trust-store");
        if (file.isBlank()) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, config.getString(REMOTE + "trust-store-password").toCharArray());
            return Optional.of(store);
        } catch (IOException | GeneralSecurityException e) {
            throw bad(config, REMOTE + "trust-store", "cannot read the PKCS12 trust store " + file + ": " + e.getMessage());
        }
    }

    /** The levels by name; {@code opportunistic} and {@code required} are the names of earlier versions. */
    private static TlsPolicy tls(Config config, String path) {
        String value = config.getString(path).toLowerCase(Locale.ROOT);
        return switch (value) {
            case "opportunistic" -> TlsPolicy.MAY;
            case "required" -> TlsPolicy.VERIFY;
            case "none", "may", "encrypt", "verify", "mta-sts", "dane" -> TlsPolicy.valueOf(value.replace('-', '_').toUpperCase(Locale.ROOT));
            default -> throw bad(config, path, "'" + config.getString(path) + "' is not one of none, may, encrypt, verify, mta-sts, dane");
        };
    }

    private static int port(Config config, String path) {
        int port = config.getInt(path);
        if (port < 1 || port > 65535) {
            throw bad(config, path, "a port is between 1 and 65535, not " + port);
        }
        return port;
    }

    private static int positiveInt(Config config, String path) {
        int value = config.getInt(path);
        if (value <= 0) {
            throw bad(config, path, "must be positive, not " + value);
        }
        return value;
    }

    private static Duration positiveDuration(Config config, String path) {
        Duration value = config.getDuration(path);
        if (value.isNegative() || value.isZero()) {
            throw bad(config, path, "must be a positive duration, not " + value);
        }
        return value;
    }

    private static ConfigException bad(Config config, String path, String problem) {
        return new ConfigException.BadValue(config.getValue(path).origin(), ROOT + path, problem);
    }
}
