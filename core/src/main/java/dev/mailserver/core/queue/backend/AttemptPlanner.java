package dev.mailserver.core.queue.backend;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailserver.core.DeliveryResult;
import dev.mailserver.core.MessageContent;
import dev.mailserver.core.queue.BounceComposer;
import dev.mailserver.core.OutgoingMessage;
import dev.mailserver.core.queue.QueuedMail;
import dev.mailserver.core.queue.RecipientResult;
import dev.mailserver.core.queue.RecipientState;
import dev.mailserver.core.queue.RecipientStatus;

/**
 * Works out what one recorded delivery attempt makes of a queued message, with the notices it causes:
 * the failure notice for recipients that have just failed for good, the success notice for delivered
 * recipients that asked for one (DSN {@code NOTIFY=SUCCESS}), the delay warning once a message has
 * waited long enough, and the {@linkplain dev.mailserver.core.DeliveryResult#followUps() follow-up messages}
 * of recipients delivered in this attempt. The backend then stores the message and all of these in one
 * atomic write.
 */
public final class AttemptPlanner {
    private static final Logger LOG = LoggerFactory.getLogger(AttemptPlanner.class);

    private final RetryPolicy schedule;
    private final BounceComposer composer;
    private final Optional<Duration> delayWarning;

    /** @param delayWarning how long a message waits before its sender is warned of the delay; empty for never */
    public AttemptPlanner(RetryPolicy schedule, BounceComposer composer, Optional<Duration> delayWarning) {
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        this.composer = Objects.requireNonNull(composer, "composer");
        this.delayWarning = Objects.requireNonNull(delayWarning, "delayWarning");
    }

    /**
     * @param delayWarned whether the delay warning has been queued for the message already
     * @param content the message's content, readable while the notices are written
     * @throws IllegalArgumentException when a result names a recipient the message does not have, or one
     *     recipient twice
     */
    public Plan plan(QueuedMail before, boolean delayWarned, List<RecipientResult> results, Instant now, MessageContent content) {
        List<OutgoingMessage> notices = new ArrayList<>();
        QueuedMail after = withFailureNotice(before, AttemptApplier.apply(before, results, now, schedule), content, now, notices);
        addSuccessNotice(before, after, content, notices);
        addFollowUps(before, results, notices);
        boolean warned = delayWarned || addDelayWarning(after, content, now, notices);
        return new Plan(after, warned, notices);
    }

    /**
     * Asks for the notice about the recipients that failed in this attempt. If it cannot be written they
     * stay pending, so the failure and its notice are recorded together at a later attempt.
     */
    private QueuedMail withFailureNotice(QueuedMail before, QueuedMail after, MessageContent content, Instant now,
                                         List<OutgoingMessage> notices) {
        List<RecipientState> failed = after.recipients().stream()
            .filter(state -> state.status() == RecipientStatus.FAILED && before.pendingRecipients().contains(state.recipient()))
            .toList();
        if (failed.isEmpty()) {
            return after;
        }
        try {
            composer.compose(after, failed, content).ifPresent(notices::add);
            return after;
        } catch (IOException | RuntimeException e) {
            LOG.error("{}: could not write the failure notice; the failed recipients stay queued and it is tried again later",
                after.id(), e);
            return AttemptApplier.keepPending(after, failed, now, schedule);
        }
    }

    /** A success notice that cannot be written is not sent: the delivery itself stands. */
    private void addSuccessNotice(QueuedMail before, QueuedMail after, MessageContent content, List<OutgoingMessage> notices) {
        List<RecipientState> delivered = after.recipients().stream()
            .filter(state -> state.status() == RecipientStatus.DELIVERED && before.pendingRecipients().contains(state.recipient()))
            .toList();
        if (delivered.isEmpty()) {
            return;
        }
        try {
            composer.composeSuccess(after, delivered, content).ifPresent(notices::add);
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: could not write the success notice; none is sent", after.id(), e);
        }
    }

    /** Results for recipients that were not pending are not recorded, so their follow-ups are not queued either. */
    private static void addFollowUps(QueuedMail before, List<RecipientResult> results, List<OutgoingMessage> notices) {
        results.stream()
            .filter(result -> result.result().outcome() == DeliveryResult.Outcome.DELIVERED)
            .filter(result -> before.pendingRecipients().contains(result.recipient()))
            .forEach(result -> notices.addAll(result.result().followUps()));
    }

    /** @return whether the warning is settled: queued, or not wanted by the composer */
    private boolean addDelayWarning(QueuedMail mail, MessageContent content, Instant now, List<OutgoingMessage> notices) {
        Duration waited = Duration.between(mail.arrivedAt(), now);
        boolean due = delayWarning.filter(warnAfter -> waited.compareTo(warnAfter) >= 0).isPresent();
        if (!due || mail.isFinished()) {
            return false;
        }
        List<RecipientState> delayed = mail.recipients().stream()
            .filter(state -> state.status() == RecipientStatus.PENDING)
            .toList();
        try {
            composer.composeDelayWarning(mail, delayed, content).ifPresent(notices::add);
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: could not write the delay warning; it is tried again at the next attempt", mail.id(), e);
            return false;
        }
    }

    /**
     * What to store for one attempt.
     *
     * @param mail the message after the attempt; finished when it is to leave the queue
     * @param delayWarned whether the delay warning is settled, now or before
     * @param notices the messages to queue with the attempt
     */
    public record Plan(QueuedMail mail, boolean delayWarned, List<OutgoingMessage> notices) {
        public Plan {
            Objects.requireNonNull(mail, "mail");
            notices = List.copyOf(notices);
        }
    }
}
