package dev.mailserver.app;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;

/**
 * The settings in effect, read and checked by {@link ConfigLoader}.
 *
 * @param source where the settings came from, for the start-up log
 */
public record ServerConfig(String source, String hostname, Path dataDir, List<Domain> domains, List<MailAddress> mailboxes,
                           InetSocketAddress mtaAddress, long maxMessageSize, int maxLineLength, int maxRecipients,
                           Duration idleTimeout, int queueWriterThreads, List<Duration> retryDelays, Duration maxLifetime,
                           DeliveryConfig delivery, Duration shutdownTimeout) {

    public Path spoolDir() {
        return dataDir.resolve("spool");
    }

    public Path incomingDir() {
        return dataDir.resolve("incoming");
    }

    public Path mailDir() {
        return dataDir.resolve("mail");
    }
}
