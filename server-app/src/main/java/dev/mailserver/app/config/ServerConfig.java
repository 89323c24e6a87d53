package dev.mailserver.app.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;

import dev.mailserver.app.managesieve.ManageSieveSettings;
import dev.mailserver.app.sendmail.Maildrop;
import dev.mailserver.pop3.Pop3Settings;
import dev.mailserver.queue.QueueSettings;
import dev.mailserver.smtp.SessionLimits;
import dev.mailserver.smtp.TrustedNetworks;

/**
 * The settings in effect, read and checked by {@link ConfigLoader}.
 *
 * @param source where the settings came from, for the start-up log
 * @param node this server's name among the nodes of a shared queue: the owner of its leases and the
 *     {@code node} tag of its metrics
 * @param postgresQueue the shared queue on PostgreSQL, when {@code queue.backend = postgresql}; empty for the
 *     RocksDB spool in the data directory
 * @param pop3 the enabled POP3 listeners
 * @param manageSieve the ManageSieve listener, when enabled
 */
public record ServerConfig(String source, String hostname, String node, Path dataDir, List<Domain> domains, List<MailAddress> mailboxes,
                           List<ListenerConfig> listeners, Optional<Path> certificateFile, Optional<Path> keyFile,
                           SessionLimits sessionLimits, Duration authFailureWindow, Duration authFailureDelay,
                           int maxAuthFailuresPerClient, QueueSettings queue, Optional<PostgresQueueConfig> postgresQueue,
                           DeliveryConfig delivery, AdminConfig admin,
                           Duration shutdownTimeout, PluginsConfig plugins, PolicyConfig policy, LogFormat logFormat,
                           MailAuthConfig mailAuth, Optional<OAuthConfig> oauth, List<Pop3Settings> pop3,
                           TrustedNetworks trustedNetworks, List<String> tlsCipherSuites, Optional<ManageSieveSettings> manageSieve) {

    public Path spoolDir() {
        return dataDir.resolve("spool");
    }

    public Path incomingDir() {
        return dataDir.resolve("incoming");
    }

    public Path mailDir() {
        return dataDir.resolve("mail");
    }

    public Path greylistDir() {
        return dataDir.resolve("greylist");
    }

    public Path usersFile() {
        return dataDir.resolve("users");
    }

    /** Where the admin API's token is kept when none is configured. */
    public Path adminTokenFile() {
        return dataDir.resolve("admin-token");
    }

    /** Local domains added with {@code mailserver domain add}, besides {@link #domains()}. */
    public Path domainsFile() {
        return dataDir.resolve("domains");
    }

    public Path aliasesFile() {
        return dataDir.resolve("aliases");
    }

    /** Quota limits set with {@code mailserver quota set}. */
    public Path quotasFile() {
        return dataDir.resolve("quotas");
    }

    /** Domain aliases added with {@code mailserver domain alias add}. */
    public Path domainAliasesFile() {
        return dataDir.resolve("domain-aliases");
    }

    /** Where {@code mailserver sendmail} leaves messages for the server (see {@link Maildrop}). */
    public Path maildropDir() {
        return dataDir.resolve("maildrop");
    }

    /** The users' Sieve scripts and vacation memory: {@code <domain>/<local part>/} (see {@code mailserver sieve}). */
    public Path sieveDir() {
        return dataDir.resolve("sieve");
    }

    /** Where the self-signed certificate is made when none is configured. */
    public Path tlsDir() {
        return dataDir.resolve("tls");
    }

    /** Where the DKIM signing keys are kept: {@code <domain>/<selector>.key} (see {@code mailserver dkim keygen}). */
    public Path dkimDir() {
        return dataDir.resolve("dkim");
    }

    /** Where the DMARC outcomes of checked mail are kept for reports, a file a day. */
    public Path dmarcDir() {
        return dataDir.resolve("dmarc");
    }
}
