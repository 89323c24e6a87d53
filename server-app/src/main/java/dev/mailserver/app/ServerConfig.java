package dev.mailserver.app;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;

import dev.mailserver.queue.QueueSettings;

/**
 * The settings in effect, read and checked by {@link ConfigLoader}.
 *
 * @param source where the settings came from, for the start-up log
 */
public record ServerConfig(String source, String hostname, Path dataDir, List<Domain> domains, List<MailAddress> mailboxes,
                           InetSocketAddress mtaAddress, long maxMessageSize, int maxLineLength, int maxRecipients,
                           Duration idleTimeout, QueueSettings queue, int deliveryConcurrency, Duration shutdownTimeout) {

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
