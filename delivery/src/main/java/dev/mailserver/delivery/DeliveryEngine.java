package dev.mailserver.delivery;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import dev.mailserver.core.DeliveryResult;
import dev.mailserver.core.queue.MailIntake;
import dev.mailserver.core.QueueId;
import dev.mailserver.core.directory.RecipientDirectory;
import dev.mailserver.plugin.api.DeliveryEvent;
import dev.mailserver.plugin.api.DeliveryEvents;
import dev.mailserver.core.mailbox.MailboxStore;
import dev.mailserver.core.queue.MailQueue;
import dev.mailserver.core.queue.QueuedMail;
import dev.mailserver.core.queue.RecipientResult;
import dev.mailserver.core.queue.RecipientState;
import dev.mailserver.core.queue.RecipientStatus;

/**
 * Drains the mail queue: leases due messages, delivers each pending recipient (local mailboxes, or SMTP
 * for other domains) and reports the results back, after which the queue removes finished messages,
 * reschedules the rest and queues bounces for recipients that failed for good.
 *
 * <p>One scheduler thread leases; each message is then delivered on its own virtual thread, at most
 * {@link EngineSettings#concurrency()} at a time. While most of those are taken, the scheduler leases in
 * batches of a quarter of them (waiting at most 10 ms for so many to be free). Each attempt is logged (see
 * {@link AttemptReport}). {@link #arrivals} delivers local mail as it arrives, before it would be queued.
 */
public final class DeliveryEngine implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(DeliveryEngine.class);
    /** How long a busy scheduler waits for a quarter of the delivery slots to be free before it leases fewer. */
    private static final Duration BATCH_WAIT = Duration.ofMillis(10);

    private final MailQueue queue;
    private final AttemptReport report;
    private final RecipientRouter router;
    private final Clock clock;
    private final EngineSettings settings;
    private final Semaphore freeSlots;
    private final ExecutorService workers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("delivery-", 0).factory());
    /**
     * Messages that an attempt in this process may have stored for a recipient still pending without that being
     * recorded: recording the attempt failed, or the delivery on arrival stored some copies and queued the rest.
     */
    private final Set<QueueId> unrecorded = ConcurrentHashMap.newKeySet();
    private volatile Instant startedAt = Instant.MAX;
    private Thread scheduler;
    private volatile boolean running;

    public DeliveryEngine(MailQueue queue, RecipientDirectory directory, MailboxStore mailboxes, RemoteDelivery remote,
                          Clock clock, EngineSettings settings) {
        this(queue, directory, mailboxes, remote, clock, settings, DeliveryEvents.NONE);
    }

    /** @param events told of each recipient's outcome once the spool has recorded it */
    public DeliveryEngine(MailQueue queue, RecipientDirectory directory, MailboxStore mailboxes, RemoteDelivery remote,
                          Clock clock, EngineSettings settings, DeliveryEvents events) {
        this.queue = queue;
        this.report = new AttemptReport(events);
        this.router = new RecipientRouter(directory, mailboxes, remote, settings.maxReceivedHeaders());
        this.clock = clock;
        this.settings = settings;
        this.freeSlots = new Semaphore(settings.concurrency());
    }

    public synchronized void start() {
        if (running) {
            throw new IllegalStateException("the delivery engine is already running");
        }
        running = true;
        startedAt = clock.instant();
        scheduler = Thread.ofPlatform().name("delivery-scheduler").start(this::scheduleWhileRunning);
        LOGGER.info("Delivery engine started: {} concurrent deliveries", settings.concurrency());
    }

    public boolean isRunning() {
        return running;
    }

    /**
     * Where a listener hands received mail so that local mail is delivered at once while this engine runs, and
     * only the rest queued (see {@link ArrivalDelivery}).
     *
     * @param counts told of the mail that never reaches the queue, for the metrics the queue would have kept
     * @param minConcurrent how many messages must be being received at once (counting the new one) for it to be
     *     delivered on arrival; 1 for every message
     */
    public MailIntake arrivals(ArrivalCounts counts, int minConcurrent) {
        return new ArrivalDelivery(queue, router, report, clock, counts, this::isRunning, unrecorded::add, minConcurrent);
    }

    /** Stops leasing mail and waits up to {@code timeout} for the deliveries under way. */
    public synchronized void stop(Duration timeout) throws InterruptedException {
        if (!running) {
            return;
        }
        running = false;
        scheduler.interrupt();
        scheduler.join(timeout.toMillis());
        workers.shutdown();
        if (!workers.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            LOGGER.warn("Deliveries still running after {}; they will be retried after restart", timeout);
        }
        LOGGER.info("Delivery engine stopped");
    }

    @Override
    public void close() throws InterruptedException {
        stop(Duration.ofSeconds(30));
    }

    private void scheduleWhileRunning() {
        try {
            while (running) {
                scheduleDueMail();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void scheduleDueMail() throws InterruptedException {
        int batch = Math.max(1, settings.concurrency() / 4);
        if (freeSlots.availablePermits() < batch) {
            // Busy: wait a moment for a batch of free slots rather than leasing one message per delivery that
            // ends (each lease is a call into the queue: a scan of the due index, or a query for PostgreSQL).
            if (freeSlots.tryAcquire(batch, BATCH_WAIT.toNanos(), TimeUnit.NANOSECONDS)) {
                freeSlots.release(batch);
            } else if (freeSlots.availablePermits() == 0) {
                freeSlots.acquire();
                freeSlots.release();
            }
        }
        int free = freeSlots.availablePermits();
        if (free == 0) {
            return;
        }
        List<QueuedMail> due = queue.leaseDue(clock.instant(), free);
        if (due.isEmpty()) {
            queue.awaitWork(settings.pollInterval());
            return;
        }
        for (QueuedMail mail : due) {
            freeSlots.acquire();
            workers.execute(() -> {
                try {
                    attempt(mail);
                } finally {
                    freeSlots.release();
                }
            });
        }
    }

    private void attempt(QueuedMail mail) {
        try (MDC.MDCCloseable ignored = MDC.putCloseable("queueId", mail.id().value())) {
            attemptWithLogContext(mail);
        }
    }

    private void attemptWithLogContext(QueuedMail mail) {
        List<RecipientOutcome> outcomes = List.of();
        try {
            outcomes = router.deliver(mail, ContentReadOnce.of(queue.content(mail.id())), maybeRepeated(mail));
        } catch (NoSuchElementException e) {
            LOGGER.error("{}: content missing from the queue", mail.id(), e);
        } catch (RuntimeException e) {
            LOGGER.error("{}: the delivery attempt failed; every pending recipient is deferred", mail.id(), e);
            outcomes = deferEveryone(mail);
        }
        Instant now = clock.instant();
        outcomes.forEach(outcome -> report.log(mail, outcome, now));
        try {
            List<RecipientResult> results = outcomes.stream().map(outcome -> new RecipientResult(outcome.recipient(), outcome.result())).toList();
            QueuedMail after = router.isRepeatable(outcomes) ? queue.recordRepeatableAttempt(mail.id(), results, now)
                : queue.recordAttempt(mail.id(), results, now);
            unrecorded.remove(mail.id());
            if (after.isFinished()) {
                LOGGER.info("{}: removed", mail.id());
            }
            outcomes.forEach(outcome -> tell(mail, after, outcome));
        } catch (IOException | RuntimeException e) {
            unrecorded.add(mail.id());
            LOGGER.error("{}: could not record the delivery attempt; the message will be tried again", mail.id(), e);
        }
    }

    /**
     * Whether an earlier attempt may have stored the message for a recipient still pending: it was tried before
     * (an alias's targets may have taken it before one failed), it was queued before this engine started (a
     * process that crashed may have tried it), recording its last attempt here failed, or the queue took it
     * over from another node's timed-out lease. Local delivery then looks for such copies; the first attempt
     * of fresh mail, the common case, skips that.
     */
    private boolean maybeRepeated(QueuedMail mail) {
        return mail.attempts() > 0 || mail.arrivedAt().isBefore(startedAt) || unrecorded.contains(mail.id())
            || queue.wasTakenOver(mail.id());
    }

    /** A temporary failure for each pending recipient, so that an attempt that broke is still recorded and retried. */
    private static List<RecipientOutcome> deferEveryone(QueuedMail mail) {
        DeliveryResult deferred = DeliveryResult.temporaryFailure("4.3.0", "internal error during delivery (see the server log)");
        return mail.pendingRecipients().stream().map(recipient -> new RecipientOutcome(recipient, deferred, RecipientOutcome.NO_RELAY)).toList();
    }

    /** The outcome as recorded: a temporary failure past the message's lifetime is a bounce. */
    private void tell(QueuedMail before, QueuedMail after, RecipientOutcome outcome) {
        RecipientStatus status = after.recipients().stream().filter(state -> state.recipient().equals(outcome.recipient()))
            .map(RecipientState::status).findFirst().orElse(RecipientStatus.PENDING);
        report.tell(before, outcome, switch (status) {
            case DELIVERED -> DeliveryEvent.Outcome.DELIVERED;
            case FAILED -> DeliveryEvent.Outcome.BOUNCED;
            case PENDING -> DeliveryEvent.Outcome.DEFERRED;
        });
    }
}
