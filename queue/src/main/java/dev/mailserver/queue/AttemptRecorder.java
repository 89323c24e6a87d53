package dev.mailserver.queue;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailserver.core.MessageContent;
import dev.mailserver.core.QueueId;
import dev.mailserver.core.queue.BounceComposer;
import dev.mailserver.core.queue.BounceComposer.Notice;
import dev.mailserver.core.queue.QueuedMail;
import dev.mailserver.core.queue.RecipientResult;
import dev.mailserver.core.queue.RecipientState;
import dev.mailserver.core.queue.RecipientStatus;

/**
 * Stores one delivery attempt together with the notices it causes, in one synced write: the failure
 * notice for recipients that have just failed for good, the success notice for delivered recipients that
 * asked for one, and the delay warning once a message has waited long enough. Either the attempt and its notices are stored, or none of them.
 */
final class AttemptRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(AttemptRecorder.class);

    private final RocksSpool spool;
    private final RetrySchedule schedule;
    private final BounceComposer composer;
    private final Optional<Duration> delayWarning;

    AttemptRecorder(RocksSpool spool, RetrySchedule schedule, BounceComposer composer, Optional<Duration> delayWarning) {
        this.spool = spool;
        this.schedule = schedule;
        this.composer = composer;
        this.delayWarning = delayWarning;
    }

    /** @return the message after the attempt, and the ids of the notices queued with it */
    Recorded record(StoredMail before, List<RecipientResult> results, Instant now) throws IOException {
        QueuedMail mail = before.mail();
        MessageContent content = new ChunkedMessageContent(spool, mail.id(), mail.size());
        List<Notice> notices = new ArrayList<>();
        QueuedMail after = withFailureNotice(mail, AttemptApplier.apply(mail, results, now, schedule), content, now, notices);
        addSuccessNotice(mail, after, content, notices);
        boolean warned = before.delayWarned() || addDelayWarning(after, content, now, notices);
        List<QueueId> noticeIds = new ArrayList<>();
        try (SpoolBatch batch = spool.newBatch()) {
            batch.replace(before, new StoredMail(after, before.held(), warned));
            for (Notice notice : notices) {
                QueueId noticeId = QueueId.generate();
                try (InputStream in = notice.content().openStream()) {
                    batch.insertNew(noticeId, notice.envelope(), in, now);
                }
                noticeIds.add(noticeId);
            }
            spool.commit(batch);
        }
        return new Recorded(after, noticeIds);
    }

    /**
     * Asks for the notice about the recipients that failed in this attempt. If it cannot be written they
     * stay pending, so the failure and its notice are recorded together at a later attempt.
     */
    private QueuedMail withFailureNotice(QueuedMail before, QueuedMail after, MessageContent content, Instant now,
                                         List<Notice> notices) {
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
    private void addSuccessNotice(QueuedMail before, QueuedMail after, MessageContent content, List<Notice> notices) {
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

    /** @return whether the warning is settled: queued, or not wanted by the composer */
    private boolean addDelayWarning(QueuedMail mail, MessageContent content, Instant now, List<Notice> notices) {
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

    record Recorded(QueuedMail mail, List<QueueId> noticeIds) {
    }
}
