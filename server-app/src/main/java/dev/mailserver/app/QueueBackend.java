package dev.mailserver.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Objects;
import java.util.function.LongSupplier;

import dev.mailserver.app.config.PostgresQueueConfig;
import dev.mailserver.app.config.ServerConfig;
import dev.mailserver.core.queue.BounceComposer;
import dev.mailserver.core.queue.MailQueue;
import dev.mailserver.core.queue.QueueAdministration;
import dev.mailserver.queue.QueueSettings;
import dev.mailserver.queue.RocksDbMailQueue;
import dev.mailserver.queue.postgres.PostgresMailQueue;
import dev.mailserver.queue.postgres.PostgresQueueSettings;

/**
 * The queue this server runs on, as {@code mailserver.queue.backend} chose it: the RocksDB spool in the data
 * directory, or the PostgreSQL queue that several servers share. The rest of the server sees only the
 * core interfaces.
 *
 * @param droppedLogBytes what the RocksDB spool lost of a damaged write-ahead log when it was opened; always 0
 *     for PostgreSQL, which reports its own damage
 */
record QueueBackend(MailQueue queue, QueueAdministration administration, LongSupplier droppedLogBytes, Runnable closer) {
    QueueBackend {
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(administration, "administration");
        Objects.requireNonNull(droppedLogBytes, "droppedLogBytes");
        Objects.requireNonNull(closer, "closer");
    }

    static QueueBackend open(ServerConfig config, Clock clock, BounceComposer bounces) {
        return config.postgresQueue().map(postgres -> postgres(postgres, config.queue(), config.node(), clock, bounces))
            .orElseGet(() -> rocksDb(config, clock, bounces));
    }

    private static QueueBackend rocksDb(ServerConfig config, Clock clock, BounceComposer bounces) {
        try {
            RocksDbMailQueue queue = RocksDbMailQueue.open(config.spoolDir(), clock, config.queue(), bounces);
            return new QueueBackend(queue, queue.administration(), queue::droppedLogBytes, queue::close);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the spool in " + config.spoolDir(), e);
        }
    }

    private static QueueBackend postgres(PostgresQueueConfig postgres, QueueSettings queue, String node, Clock clock,
                                         BounceComposer bounces) {
        PostgresQueueSettings settings = PostgresQueueSettings.of(postgres.url(), postgres.user(), postgres.password(),
                queue.retrySchedule())
            .withPoolSize(postgres.poolSize())
            .withNode(node)
            .withLeaseTimeout(queue.leaseTimeout());
        if (queue.delayWarning().isPresent()) {
            settings = settings.withDelayWarning(queue.delayWarning().get());
        }
        try {
            PostgresMailQueue opened = PostgresMailQueue.open(settings, clock, bounces);
            return new QueueBackend(opened, opened.administration(), () -> 0, opened::close);
        } catch (IOException e) {
            throw new UncheckedIOException("mailserver.queue.postgresql: " + e.getMessage(), e);
        }
    }

    void close() {
        closer.run();
    }
}
