package dev.mailserver.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.james.core.MailAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import dev.mailserver.core.DeliveryResult;
import dev.mailserver.core.Envelope;
import dev.mailserver.core.InternationalAddresses;
import dev.mailserver.core.MessageContent;
import dev.mailserver.core.QueueId;
import dev.mailserver.core.RecipientOptions;
import dev.mailserver.core.queue.MailIntake;
import dev.mailserver.core.queue.MailQueue;
import dev.mailserver.core.queue.QueuedMail;
import dev.mailserver.core.queue.RecipientState;
import dev.mailserver.plugin.api.DeliveryEvent;

/**
 * Delivers local mail as it arrives, before the 250: the message goes through the mailbox store at once
 * (aliases, Sieve, quota, then the Maildir file and {@code new/} synced, as the engine would) and never enters
 * the spool, which spares the spool's synced write, the lease, the record and the read of the content back.
 * What a delivery sends on (a forward, a Sieve redirect or vacation reply) is queued before the 250.
 *
 * <p>Only while at least {@code minConcurrent} messages are being received at once (this one included): a lone
 * message gets its 250 sooner from the spool's one synced write than from its mailbox's two (the file and
 * {@code new/}). Queued instead, and delivered by the engine as any queued mail: every message while the engine
 * is stopped; one with a recipient in another domain, or one asking for a success notice (the queue sends
 * those), or more than {@link #MAX_RECIPIENTS} recipients (each copy is synced before the reply); and, under
 * the same queue id, the recipients that the mailbox store deferred or refused, which the engine then tries as
 * repeats (an alias may have stored some of its copies).
 */
final class ArrivalDelivery implements MailIntake {
    private static final Logger LOGGER = LoggerFactory.getLogger(DeliveryEngine.class);
    static final int MAX_RECIPIENTS = 4;

    private final MailQueue queue;
    private final RecipientRouter router;
    private final AttemptReport report;
    private final Clock clock;
    private final ArrivalCounts counts;
    private final BooleanSupplier engineRunning;
    private final Consumer<QueueId> mayHaveStoredCopies;
    private final int minConcurrent;
    private final AtomicInteger receiving = new AtomicInteger();
    private final ThreadFactory threads = Thread.ofVirtual().name("arrival-", 0).factory();
    private final Executor onNewThread = task -> threads.newThread(task).start();

    ArrivalDelivery(MailQueue queue, RecipientRouter router, AttemptReport report, Clock clock, ArrivalCounts counts,
                    BooleanSupplier engineRunning, Consumer<QueueId> mayHaveStoredCopies, int minConcurrent) {
        if (minConcurrent < 1) {
            throw new IllegalArgumentException("minConcurrent must be at least 1: " + minConcurrent);
        }
        this.queue = queue;
        this.router = router;
        this.report = report;
        this.clock = clock;
        this.counts = counts;
        this.engineRunning = engineRunning;
        this.mayHaveStoredCopies = mayHaveStoredCopies;
        this.minConcurrent = minConcurrent;
    }

    @Override
    public CompletableFuture<Void> receive(QueueId id, Envelope envelope, MessageContent content) {
        int concurrent = receiving.incrementAndGet();
        CompletableFuture<Void> received = concurrent >= minConcurrent && deliversAtOnce(envelope) ? deliverAtOnce(id, envelope, content)
            : queue.enqueue(id, envelope, content);
        return received.whenComplete((done, failure) -> receiving.decrementAndGet());
    }

    private CompletableFuture<Void> deliverAtOnce(QueueId id, Envelope envelope, MessageContent content) {
        return CompletableFuture.supplyAsync(() -> {
            try (MDC.MDCCloseable ignored = MDC.putCloseable("queueId", id.value())) {
                return deliver(id, envelope, content);
            }
        }, onNewThread).thenCompose(Function.identity());
    }

    private boolean deliversAtOnce(Envelope envelope) {
        return engineRunning.getAsBoolean() && envelope.recipients().size() <= MAX_RECIPIENTS
            && envelope.recipients().stream().allMatch(recipient -> router.isLocal(recipient)
                && !envelope.optionsOf(recipient).notifyOn().wantsSuccess());
    }

    private CompletableFuture<Void> deliver(QueueId id, Envelope envelope, MessageContent content) {
        Instant arrived = clock.instant();
        QueuedMail mail = new QueuedMail(id, envelope.sender(),
            envelope.recipients().stream().map(recipient -> RecipientState.pending(recipient, envelope.optionsOf(recipient))).toList(),
            content.size(), arrived, 0, arrived, envelope.options());
        List<RecipientOutcome> outcomes;
        try {
            outcomes = router.deliver(mail, content, false);
        } catch (RuntimeException e) {
            LOGGER.error("{}: the delivery on arrival failed; the message is queued", id, e);
            outcomes = List.of();
        }
        Instant now = clock.instant();
        List<RecipientOutcome> delivered = outcomes.stream()
            .filter(outcome -> outcome.result().outcome() == DeliveryResult.Outcome.DELIVERED).toList();
        delivered.forEach(outcome -> {
            report.log(mail, outcome, now);
            report.tell(mail, outcome, DeliveryEvent.Outcome.DELIVERED);
            counts.deliveredOnArrival();
        });
        List<CompletableFuture<Void>> queued = new ArrayList<>();
        delivered.forEach(outcome -> outcome.result().followUps().forEach(followUp ->
            queued.add(queue.enqueue(QueueId.generate(), followUp.envelope(), followUp.content()))));
        if (delivered.size() == envelope.recipients().size()) {
            counts.receivedWithoutQueueing();
        } else {
            outcomes.stream().filter(outcome -> !delivered.contains(outcome)).forEach(outcome ->
                LOGGER.info("{}: to=<{}>, not delivered on arrival ({} {}), queued", id, InternationalAddresses.toExternal(outcome.recipient()),
                    outcome.result().enhancedStatus(), outcome.result().detail()));
            mayHaveStoredCopies.accept(id);
            queued.add(queue.enqueue(id, rest(envelope, delivered), content));
        }
        return CompletableFuture.allOf(queued.toArray(CompletableFuture[]::new));
    }

    /** The envelope without the recipients delivered on arrival. */
    private static Envelope rest(Envelope envelope, List<RecipientOutcome> delivered) {
        List<MailAddress> deliveredTo = delivered.stream().map(RecipientOutcome::recipient).toList();
        List<MailAddress> undelivered = envelope.recipients().stream().filter(recipient -> !deliveredTo.contains(recipient)).toList();
        Map<MailAddress, RecipientOptions> options = envelope.recipientOptions().entrySet().stream()
            .filter(entry -> undelivered.contains(entry.getKey()))
            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        return new Envelope(envelope.sender(), undelivered, envelope.options(), options);
    }
}
