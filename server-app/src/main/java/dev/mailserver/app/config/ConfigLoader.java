package dev.mailserver.app.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

import javax.mail.internet.AddressException;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;

import dev.mailserver.app.managesieve.ManageSieveSettings;
import dev.mailserver.core.InternationalAddresses;
import dev.mailserver.smtp.ListenerRole;
import dev.mailserver.smtp.SessionLimits;
import dev.mailserver.smtp.TlsMode;
import dev.mailserver.smtp.TrustedNetworks;
import dev.mailserver.smtp.tls.ListenerEncryption;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;

import dev.mailserver.queue.QueueSettings;
import dev.mailserver.queue.RetrySchedule;

/**
 * Reads the configuration: the defaults in {@code reference.conf}, overridden by an optional file.
 * Anything wrong stops the start with a {@link ConfigException} whose message names the key and
 * where it was set.
 */
public final class ConfigLoader {
    private static final String ROOT = "mailserver";
    private static final String LISTENERS = "smtp.listeners";
    private static final Pattern NODE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,252}");

    private ConfigLoader() {
    }

    /** The embedded defaults alone. */
    public static ServerConfig defaults() {
        return load(ConfigFactory.empty(), "embedded defaults");
    }

    public static ServerConfig fromFile(Path file) {
        return fromFileAndEnvironment(Optional.of(file), Map.of());
    }

    /**
     * The defaults, overridden by the file when there is one, overridden in turn by the
     * {@code MAILSERVER_...} variables of {@code environment} (see {@link EnvironmentOverrides}).
     */
    public static ServerConfig fromFileAndEnvironment(Optional<Path> file, Map<String, String> environment) {
        Config fromEnvironment = EnvironmentOverrides.from(environment);
        Config overrides = file.map(ConfigLoader::parse).map(fromEnvironment::withFallback).orElse(fromEnvironment);
        String source = file.map(path -> path.toAbsolutePath().toString()).orElse("embedded defaults");
        return load(overrides, fromEnvironment.isEmpty() ? source : source + " and environment variables " + EnvironmentOverrides.PREFIX + "*");
    }

    private static Config parse(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException.IO(ConfigFactory.empty().origin(), "configuration file " + file + " does not exist or is not a file");
        }
        return ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
    }

    /** Overrides given as HOCON text, e.g. by tests or programs that embed the server. */
    public static ServerConfig fromString(String hocon, String source) {
        return load(ConfigFactory.parseString(hocon), source);
    }

    private static ServerConfig load(Config overrides, String source) {
        Config reference = ConfigFactory.defaultReference();
        rejectUnknownKeys(overrides, reference);
        Config config = overrides.withFallback(reference).resolve().getConfig(ROOT);
        List<Domain> domains = new ArrayList<>();
        for (String domain : config.getStringList("domains")) {
            try {
                domains.add(Domain.of(InternationalAddresses.toAsciiDomain(domain)));
            } catch (AddressException e) {
                throw bad(config, "domains", "'" + domain + "' is not a valid domain: " + e.getMessage());
            }
        }
        if (domains.isEmpty()) {
            throw bad(config, "domains", "at least one local domain is needed");
        }
        String hostname = hostname(config);
        return new ServerConfig(
            source,
            hostname,
            node(config, hostname),
            Path.of(config.getString("data-dir")),
            domains,
            mailboxes(config),
            listeners(config),
            tlsFile(config, "smtp.tls.certificate-file", "smtp.tls.key-file"),
            tlsFile(config, "smtp.tls.key-file", "smtp.tls.certificate-file"),
            sessionLimits(config),
            positive(config, "smtp.auth.failure-window", config.getDuration("smtp.auth.failure-window")),
            notNegative(config, "smtp.auth.failure-delay", config.getDuration("smtp.auth.failure-delay")),
            (int) positive(config, "smtp.auth.max-failures-per-client", config.getInt("smtp.auth.max-failures-per-client")),
            queueSettings(config),
            postgresQueue(config),
            DeliveryConfigLoader.load(config, hostname),
            new AdminConfig(config.getBoolean("admin.enabled"), socketAddress(config, "admin"), config.getString("admin.token").trim()),
            positive(config, "shutdown-timeout", config.getDuration("shutdown-timeout")),
            PluginConfigLoader.load(config),
            PolicyConfigLoader.load(config),
            lowerCaseEnum(config, "log.format", LogFormat.class),
            MailAuthConfigLoader.load(config, hostname),
            oauth(config),
            Pop3ConfigLoader.load(config),
            trustedNetworks(config),
            tlsCipherSuites(config),
            manageSieve(config));
    }

    private static Optional<ManageSieveSettings> manageSieve(Config config) {
        if (!config.getBoolean("managesieve.enabled")) {
            return Optional.empty();
        }
        int failures = config.getInt("managesieve.max-auth-failures-per-session");
        return Optional.of(new ManageSieveSettings(socketAddress(config, "managesieve"),
            positive(config, "managesieve.idle-timeout", config.getDuration("managesieve.idle-timeout")),
            (int) positive(config, "managesieve.max-auth-failures-per-session", failures)));
    }

    /** Empty when {@code smtp.auth.oauth.jwks} is empty; then issuer and audience are not needed. */
    private static Optional<OAuthConfig> oauth(Config config) {
        String jwks = config.getString("smtp.auth.oauth.jwks").strip();
        if (jwks.isEmpty()) {
            return Optional.empty();
        }
        for (String key : List.of("smtp.auth.oauth.issuer", "smtp.auth.oauth.audience", "smtp.auth.oauth.user-claim")) {
            if (config.getString(key).isBlank()) {
                throw bad(config, key, "must be set when smtp.auth.oauth.jwks is");
            }
        }
        return Optional.of(new OAuthConfig(jwks, config.getString("smtp.auth.oauth.issuer").strip(),
            config.getString("smtp.auth.oauth.audience").strip(), config.getString("smtp.auth.oauth.user-claim").strip()));
    }

    private static List<String> tlsCipherSuites(Config config) {
        List<String> suites = config.getStringList("smtp.tls.cipher-suites");
        if (suites.isEmpty()) {
            throw bad(config, "smtp.tls.cipher-suites", "at least one TLS 1.2 cipher suite is needed");
        }
        try {
            ListenerEncryption.checkSuites(suites);
        } catch (IllegalArgumentException e) {
            throw bad(config, "smtp.tls.cipher-suites", e.getMessage());
        }
        return List.copyOf(suites);
    }

    private static TrustedNetworks trustedNetworks(Config config) {
        try {
            return TrustedNetworks.of(config.getStringList("smtp.trusted-networks"));
        } catch (IllegalArgumentException e) {
            throw bad(config, "smtp.trusted-networks", e.getMessage());
        }
    }

    private static SessionLimits sessionLimits(Config config) {
        return new SessionLimits(
            positive(config, "smtp.max-message-size", config.getBytes("smtp.max-message-size")),
            (int) positive(config, "smtp.max-line-length", config.getInt("smtp.max-line-length")),
            (int) positive(config, "smtp.max-recipients", config.getInt("smtp.max-recipients")),
            (int) positive(config, "smtp.max-transactions", config.getInt("smtp.max-transactions")),
            positive(config, "smtp.idle-timeout", config.getDuration("smtp.idle-timeout")),
            positive(config, "smtp.max-session-time", config.getDuration("smtp.max-session-time")),
            (int) positive(config, "smtp.max-connections", config.getInt("smtp.max-connections")),
            (int) positive(config, "smtp.max-connections-per-client", config.getInt("smtp.max-connections-per-client")),
            (int) positive(config, "smtp.max-errors", config.getInt("smtp.max-errors")),
            (int) positive(config, "smtp.max-commands", config.getInt("smtp.max-commands")),
            (int) positive(config, "smtp.auth.max-failures-per-session", config.getInt("smtp.auth.max-failures-per-session")));
    }

    private static List<ListenerConfig> listeners(Config config) {
        List<ListenerConfig> listeners = new ArrayList<>();
        for (String name : new TreeSet<>(config.getObject(LISTENERS).keySet())) {
            String path = LISTENERS + "." + quoted(name);
            if (config.hasPath(path + ".enabled") && !config.getBoolean(path + ".enabled")) {
                continue;
            }
            ListenerRole role = lowerCaseEnum(config, path + ".role", ListenerRole.class);
            TlsMode tls = lowerCaseEnum(config, path + ".tls", TlsMode.class);
            if (role == ListenerRole.SUBMISSION && tls == TlsMode.NONE) {
                throw bad(config, path + ".tls", "a submission listener needs tls = starttls or implicit: AUTH is only accepted over TLS");
            }
            listeners.add(new ListenerConfig(name, role, socketAddress(config, path), tls));
        }
        if (listeners.isEmpty()) {
            throw bad(config, LISTENERS, "at least one listener must be enabled");
        }
        return listeners;
    }

    static <E extends Enum<E>> E lowerCaseEnum(Config config, String path, Class<E> type) {
        String value = config.getString(path);
        for (E constant : type.getEnumConstants()) {
            if (constant.name().toLowerCase(Locale.ROOT).equals(value)) {
                return constant;
            }
        }
        throw bad(config, path, "'" + value + "' is not one of " + Arrays.stream(type.getEnumConstants())
            .map(constant -> constant.name().toLowerCase(Locale.ROOT)).toList());
    }

    private static String quoted(String name) {
        return ConfigUtil.joinPath(name);
    }

    /** A TLS file, which goes with its partner: both are set, or neither. */
    private static Optional<Path> tlsFile(Config config, String path, String partnerPath) {
        String value = config.getString(path).trim();
        if (value.isEmpty() != config.getString(partnerPath).trim().isEmpty()) {
            throw bad(config, value.isEmpty() ? partnerPath : path, "set both " + path + " and " + partnerPath + ", or neither");
        }
        return value.isEmpty() ? Optional.empty() : Optional.of(Path.of(value));
    }

    private static void rejectUnknownKeys(Config overrides, Config reference) {
        for (Map.Entry<String, ConfigValue> entry : overrides.entrySet()) {
            if (entry.getKey().startsWith(ROOT + "." + PluginConfigLoader.PLUGINS + ".")) {
                continue; // plugins have names and settings of their own; PluginConfigLoader checks them
            }
            if (!reference.hasPath(asReferenceKey(entry.getKey()))) {
                throw new ConfigException.BadPath(entry.getValue().origin(), entry.getKey(),
                    "unknown setting (every setting is listed in reference.conf)");
            }
        }
    }

    /** Listeners may have any name; their settings are checked against those of the listener "mta". */
    private static String asReferenceKey(String key) {
        List<String> path = ConfigUtil.splitPath(key);
        List<String> listenerPath = ConfigUtil.splitPath(ROOT + "." + LISTENERS);
        if (path.size() == listenerPath.size() + 2 && path.subList(0, listenerPath.size()).equals(listenerPath)) {
            return ROOT + "." + LISTENERS + ".mta." + ConfigUtil.joinPath(path.get(path.size() - 1));
        }
        return key;
    }

    /** {@code node}, or the hostname when it is empty; refused unless it is a name fit for a metric label and a lease owner. */
    private static String node(Config config, String hostname) {
        String configured = config.getString("node").strip();
        String node = configured.isEmpty() ? hostname : configured;
        if (!NODE_NAME.matcher(node).matches()) {
            throw bad(config, configured.isEmpty() ? "hostname" : "node", "'" + node + "' is not a node name: letters, digits"
                + " and . _ : - only, at most 253, starting with a letter or digit (set mailserver.node)");
        }
        return node;
    }

    private static String hostname(Config config) {
        String configured = config.getString("hostname").trim();
        if (!configured.isEmpty()) {
            return configured;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    private static List<MailAddress> mailboxes(Config config) {
        List<MailAddress> mailboxes = new ArrayList<>();
        for (String address : config.getStringList("mailboxes")) {
            try {
                mailboxes.add(InternationalAddresses.parse(address));
            } catch (AddressException e) {
                throw bad(config, "mailboxes", "'" + address + "' is not a valid mail address: " + e.getMessage());
            }
        }
        return mailboxes;
    }

    static InetSocketAddress socketAddress(Config config, String path) {
        int port = config.getInt(path + ".port");
        if (port < 0 || port > 65535) {
            throw bad(config, path + ".port", "a port is between 0 and 65535, not " + port);
        }
        return new InetSocketAddress(config.getString(path + ".address"), port);
    }

    private static QueueSettings queueSettings(Config config) {
        RetrySchedule schedule = new RetrySchedule(retryDelays(config),
            positive(config, "queue.max-lifetime", config.getDuration("queue.max-lifetime")));
        Duration delayWarning = notNegative(config, "queue.delay-warning", config.getDuration("queue.delay-warning"));
        return new QueueSettings(schedule,
            (int) positive(config, "queue.writer-threads", config.getInt("queue.writer-threads")),
            positive(config, "queue.lease-timeout", config.getDuration("queue.lease-timeout")),
            notNegative(config, "queue.min-free-space", config.getBytes("queue.min-free-space")),
            delayWarning.isZero() ? Optional.empty() : Optional.of(delayWarning),
            spoolMemory(config));
    }

    private static long spoolMemory(Config config) {
        long bytes = config.getBytes("queue.memory");
        if (bytes < QueueSettings.MIN_MEMORY_BYTES) {
            throw bad(config, "queue.memory", "must be at least 16MiB, not " + bytes + " bytes");
        }
        return bytes;
    }

    /** Empty for the RocksDB spool; the PostgreSQL settings are read, and must be complete, only when chosen. */
    private static Optional<PostgresQueueConfig> postgresQueue(Config config) {
        String backend = config.getString("queue.backend");
        if (backend.equals("rocksdb")) {
            return Optional.empty();
        }
        if (!backend.equals("postgresql")) {
            throw bad(config, "queue.backend", "'" + backend + "' is not one of [rocksdb, postgresql]");
        }
        String url = config.getString("queue.postgresql.url").trim();
        if (!url.startsWith("jdbc:postgresql://")) {
            throw bad(config, "queue.postgresql.url", "queue.backend = postgresql needs a JDBC URL such as "
                + "jdbc:postgresql://db.example.org:5432/mail, not '" + url + "'");
        }
        String user = config.getString("queue.postgresql.user").trim();
        if (user.isEmpty()) {
            throw bad(config, "queue.postgresql.user", "queue.backend = postgresql needs the database user");
        }
        int poolSize = config.getInt("queue.postgresql.pool-size");
        if (poolSize < 2) {
            throw bad(config, "queue.postgresql.pool-size", "must be at least 2, not " + poolSize);
        }
        return Optional.of(new PostgresQueueConfig(url, user, config.getString("queue.postgresql.password"), poolSize));
    }

    private static List<Duration> retryDelays(Config config) {
        List<Duration> delays = config.getDurationList("queue.retry-delays");
        if (delays.isEmpty() || delays.stream().anyMatch(delay -> delay.isNegative() || delay.isZero())) {
            throw bad(config, "queue.retry-delays", "needs at least one delay, each of them positive");
        }
        return delays;
    }

    private static long positive(Config config, String path, long value) {
        if (value <= 0) {
            throw bad(config, path, "must be positive, not " + value);
        }
        return value;
    }

    static Duration positive(Config config, String path, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw bad(config, path, "must be a positive duration, not " + value);
        }
        return value;
    }

    private static long notNegative(Config config, String path, long value) {
        if (value < 0) {
            throw bad(config, path, "cannot be negative, not " + value);
        }
        return value;
    }

    private static Duration notNegative(Config config, String path, Duration value) {
        if (value.isNegative()) {
            throw bad(config, path, "cannot be a negative duration, not " + value);
        }
        return value;
    }

    private static ConfigException bad(Config config, String path, String problem) {
        return new ConfigException.BadValue(config.getValue(path).origin(), ROOT + "." + path, problem);
    }
}
