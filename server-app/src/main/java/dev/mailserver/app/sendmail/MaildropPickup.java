package dev.mailserver.app.sendmail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import dev.mailserver.auth.dkim.DkimSigner;
import dev.mailserver.core.MessageContent;
import dev.mailserver.core.QueueId;
import dev.mailserver.core.queue.MailQueue;

/**
 * Moves the messages that {@code mailserver sendmail} left in the {@link Maildrop} into the spool, like
 * Postfix's pickup. A file is first taken out of the ready ones (renamed), then queued under its own id,
 * then deleted: a file that cannot be taken is never queued, one that cannot be deleted is never queued
 * again, and one taken again after a crash is refused by the queue as a duplicate while it is still
 * queued. A file that is not a maildrop file is renamed to {@code .bad}; one that cannot be read stays.
 * Each problem with a file is logged once, not at every round.
 */
public final class MaildropPickup {
    static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final Logger LOGGER = LoggerFactory.getLogger(MaildropPickup.class);

    private final Maildrop maildrop;
    private final MailQueue queue;
    private final Set<Path> reported = new HashSet<>();
    /** Files queued whose deletion failed: never picked up again while this server runs. */
    private final Set<Path> queuedButKept = new HashSet<>();
    private final Optional<DkimSigner> signer;
    private ScheduledExecutorService scheduler;

    public MaildropPickup(Maildrop maildrop, MailQueue queue) {
        this(maildrop, queue, Optional.empty());
    }

    /** @param signer signs each message for its author's domain before it is queued, when given */
    public MaildropPickup(Maildrop maildrop, MailQueue queue, Optional<DkimSigner> signer) {
        this.maildrop = maildrop;
        this.queue = queue;
        this.signer = signer;
    }

    public synchronized void start() {
        try {
            maildrop.prepare();
        } catch (IOException e) {
            LOGGER.error("Cannot make the maildrop {} ({}): mailserver sendmail cannot hand over mail", maildrop.directory(), e.toString());
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("maildrop-pickup").daemon().factory());
        scheduler.scheduleWithFixedDelay(this::pickUpAll, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Lets a pick-up under way finish (its message is then in the spool). */
    public synchronized void stop(Duration timeout) throws InterruptedException {
        if (scheduler != null) {
            scheduler.shutdown();
            scheduler.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void pickUpAll() {
        try {
            List<Path> ready = maildrop.ready();
            reported.retainAll(ready);
            queuedButKept.retainAll(ready);
            for (Path file : ready) {
                if (Thread.currentThread().isInterrupted() || scheduler.isShutdown()) {
                    return;
                }
                if (!queuedButKept.contains(file)) {
                    pickUp(file);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Caught so that the next round runs: a scheduled task that throws is never run again.
            LOGGER.error("Cannot pick up mail from the maildrop {}", maildrop.directory(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void pickUp(Path file) throws InterruptedException {
        Path taken;
        try {
            taken = Maildrop.take(file);
        } catch (IOException e) {
            reportOnce(file, "Maildrop file {} cannot be taken for the queue, so it stays where it is: {}", e);
            return;
        }
        Maildrop.Dropped dropped;
        try {
            dropped = Maildrop.read(taken);
        } catch (Maildrop.NotAMessage e) {
            LOGGER.error("Maildrop file {} is not a message; renamed to .bad: {}", file, e.getMessage());
            moveQuietly(taken, taken.resolveSibling(taken.getFileName() + ".bad"));
            return;
        } catch (IOException e) {
            putBack(taken);
            reportOnce(file, "Maildrop file {} cannot be read, so it stays where it is: {}", e);
            return;
        }
        QueueId id = Maildrop.idOf(taken).orElseGet(QueueId::generate);
        try (MDC.MDCCloseable ignored = MDC.putCloseable("queueId", id.value())) {
            MessageContent content = signer.isPresent() ? signer.get().sign(dropped.content()) : dropped.content();
            long size = content.size();
            queue.enqueue(id, dropped.envelope(), content).get();
            LOGGER.info("{}: from=<{}>, size={}, nrcpt={} (picked up from the maildrop)", id, dropped.envelope().sender().asString(""),
                size, dropped.envelope().recipients().size());
        } catch (IOException e) {
            LOGGER.warn("Maildrop file {} could not be signed; tried again later: {}", file, e.toString());
            putBack(taken);
            return;
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof IllegalArgumentException) || queue.find(id).isEmpty()) {
                LOGGER.warn("Maildrop file {} could not be queued; tried again later: {}", file, e.getCause().toString());
                putBack(taken);
                return;
            }
            LOGGER.info("{}: already queued from the maildrop file {}", id, file);
        }
        deleteOnce(taken);
    }

    /** Deletes a queued file; one that cannot be deleted is kept out of later rounds, and renamed to .done if it can be. */
    private void deleteOnce(Path taken) {
        try {
            Files.delete(taken);
        } catch (IOException e) {
            queuedButKept.add(taken);
            reportOnce(taken, "Maildrop file {} is queued but cannot be deleted; it is not queued again: {}", e);
            try {
                Files.move(taken, taken.resolveSibling(taken.getFileName() + ".done"));
            } catch (IOException ignored) {
                // Kept out of later rounds by queuedButKept while this server runs.
            }
        }
    }

    private void putBack(Path taken) {
        try {
            Maildrop.putBack(taken);
        } catch (IOException e) {
            reportOnce(taken, "Maildrop file {} cannot be put back among the ready ones: {}", e);
        }
    }

    private void moveQuietly(Path from, Path to) {
        try {
            Files.move(from, to);
        } catch (IOException e) {
            reportOnce(from, "Maildrop file {} cannot be renamed: {}", e);
        }
    }

    private void reportOnce(Path file, String message, IOException cause) {
        if (reported.add(file)) {
            LOGGER.error(message, file, cause.toString());
        }
    }
}
