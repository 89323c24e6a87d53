package dev.mailserver.app.sendmail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
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
 * Postfix's pickup: a file is deleted only once its message is in the spool, so a crash may queue a
 * message twice but never loses one. A file that is not a maildrop file is renamed to {@code .bad}.
 */
public final class MaildropPickup {
    static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final Logger LOGGER = LoggerFactory.getLogger(MaildropPickup.class);

    private final Maildrop maildrop;
    private final MailQueue queue;
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
            for (Path file : maildrop.ready()) {
                if (Thread.currentThread().isInterrupted() || scheduler.isShutdown()) {
                    return;
                }
                pickUp(file);
            }
        } catch (IOException | RuntimeException e) {
            // Caught so that the next round runs: a scheduled task that throws is never run again.
            LOGGER.error("Cannot pick up mail from the maildrop {}", maildrop.directory(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void pickUp(Path file) throws InterruptedException, IOException {
        Maildrop.Dropped dropped;
        try {
            dropped = Maildrop.read(file);
        } catch (IOException e) {
            LOGGER.error("Maildrop file {} is not a message; renamed to .bad: {}", file, e.getMessage());
            Files.move(file, file.resolveSibling(file.getFileName() + ".bad"));
            return;
        }
        QueueId id = QueueId.generate();
        try (MDC.MDCCloseable ignored = MDC.putCloseable("queueId", id.value())) {
            MessageContent content = signer.isPresent() ? signer.get().sign(dropped.content()) : dropped.content();
            long size = content.size();
            queue.enqueue(id, dropped.envelope(), content).get();
            Files.delete(file);
            LOGGER.info("{}: from=<{}>, size={}, nrcpt={} (picked up from the maildrop)", id, dropped.envelope().sender().asString(""),
                size, dropped.envelope().recipients().size());
        } catch (ExecutionException e) {
            LOGGER.warn("Maildrop file {} could not be queued; tried again later", file, e.getCause());
        }
    }
}
