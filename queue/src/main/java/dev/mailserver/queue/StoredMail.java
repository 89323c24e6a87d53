package dev.mailserver.queue;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import dev.mailserver.core.queue.QueuedMail;
import dev.mailserver.core.queue.RecipientState;
import dev.mailserver.core.queue.RecipientStatus;

/**
 * A message record as the spool keeps it: the message as the delivery side sees it, plus what only the
 * queue needs to know about it.
 *
 * @param held put on hold by an administrator: not in the due index, never leased
 * @param delayWarned the delay warning has been queued for it
 * @param contentFile where the content is when it is in a file of {@link ContentFiles}; null when it is all
 *                    in the content column family
 */
record StoredMail(QueuedMail mail, boolean held, boolean delayWarned, ContentInFile contentFile) {
    StoredMail {
        Objects.requireNonNull(mail, "mail");
    }

    /** A record whose content is all in the content column family. */
    StoredMail(QueuedMail mail, boolean held, boolean delayWarned) {
        this(mail, held, delayWarned, null);
    }

    static StoredMail fresh(QueuedMail mail) {
        return new StoredMail(mail, false, false);
    }

    StoredMail with(QueuedMail changed) {
        return new StoredMail(changed, held, delayWarned, contentFile);
    }

    StoredMail withHeld(boolean value) {
        return new StoredMail(mail, value, delayWarned, contentFile);
    }

    StoredMail withDelayWarned(boolean value) {
        return new StoredMail(mail, held, value, contentFile);
    }

    /** The same message with its next attempt at {@code at}. */
    StoredMail dueAt(Instant at) {
        return with(new QueuedMail(mail.id(), mail.sender(), mail.recipients(), mail.size(), mail.arrivedAt(),
            mail.attempts(), at, mail.options()));
    }

    /** Failed recipients pending again with their last result, no attempts counted, due at {@code now}. */
    StoredMail requeued(Instant now) {
        List<RecipientState> recipients = mail.recipients().stream()
            .map(state -> state.status() == RecipientStatus.FAILED
                ? state.with(RecipientStatus.PENDING, state.lastResult())
                : state)
            .toList();
        return with(new QueuedMail(mail.id(), mail.sender(), recipients, mail.size(), mail.arrivedAt(), 0, now, mail.options()));
    }

    /** Whether it belongs in the due index: it has pending recipients and is not held. */
    boolean isSchedulable() {
        return !held && !mail.isFinished();
    }
}
