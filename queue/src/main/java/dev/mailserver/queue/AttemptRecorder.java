package dev.mailserver.queue;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.mailserver.core.MessageContent;
import dev.mailserver.core.QueueId;
import dev.mailserver.core.OutgoingMessage;
import dev.mailserver.core.queue.QueuedMail;
import dev.mailserver.core.queue.RecipientResult;
import dev.mailserver.core.queue.backend.AttemptPlanner;

/**
 * Stores one delivery attempt together with the notices it causes (see {@link AttemptPlanner}), in one
 * write, synced unless the caller says a lost record is harmless. Either the attempt and its notices are
 * stored, or none of them.
 */
final class AttemptRecorder {
    private final RocksSpool spool;
    private final AttemptPlanner planner;

    AttemptRecorder(RocksSpool spool, AttemptPlanner planner) {
        this.spool = spool;
        this.planner = planner;
    }

    /** Whether the record's write waits for its sync. */
    enum Durability {
        SYNCED,
        /**
         * Not synced when it is harmless to lose (see {@link dev.mailserver.core.queue.MailQueue#recordRepeatableAttempt}):
         * when it queues no notice (queued again after a power failure, it would get another id). A content file it
         * frees waits for a later sync ({@link UnsyncedFileRemovals}), so that no record is ever left without its content.
         */
        UNSYNCED_WHEN_HARMLESS
    }

    /** @return the message after the attempt, and the ids of the notices queued with it */
    Recorded record(StoredMail before, List<RecipientResult> results, Instant now, Durability durability) throws IOException {
        QueuedMail mail = before.mail();
        MessageContent content = spool.content(before);
        AttemptPlanner.Plan plan = planner.plan(mail, before.delayWarned(), results, now, content);
        List<QueueId> noticeIds = new ArrayList<>();
        try (SpoolBatch batch = spool.newBatch()) {
            batch.replace(before, before.with(plan.mail()).withDelayWarned(plan.delayWarned()));
            for (OutgoingMessage notice : plan.notices()) {
                QueueId noticeId = QueueId.generate();
                try (InputStream in = notice.content().openStream()) {
                    batch.insertNew(noticeId, notice.envelope(), in, now);
                }
                noticeIds.add(noticeId);
            }
            if (durability == Durability.UNSYNCED_WHEN_HARMLESS && noticeIds.isEmpty()) {
                spool.commitWithoutSync(batch);
            } else {
                spool.commit(batch);
            }
        }
        return new Recorded(plan.mail(), noticeIds);
    }

    record Recorded(QueuedMail mail, List<QueueId> noticeIds) {
    }
}
