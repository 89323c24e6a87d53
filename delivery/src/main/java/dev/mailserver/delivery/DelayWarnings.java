package dev.mailserver.delivery;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailserver.core.QueueId;
import dev.mailserver.core.queue.MailQueue;
import dev.mailserver.core.queue.QueuedMail;
import dev.mailserver.core.queue.RecipientState;
import dev.mailserver.core.queue.RecipientStatus;
import dev.mailserver.delivery.dsn.DsnComposer;

/**
 * Tells senders that their mail is delayed. The queue keeps no record of warnings sent, so the warning
 * goes out with the attempt after which the message would pass the warning time before its next attempt:
 * exactly once per message, and never later than the warning time.
 */
final class DelayWarnings {
    private static final Logger LOGGER = LoggerFactory.getLogger(DelayWarnings.class);

    private final MailQueue queue;
    private final DsnComposer composer;
    private final Duration warnAfter;

    DelayWarnings(MailQueue queue, DsnComposer composer, Duration warnAfter) {
        this.queue = queue;
        this.composer = composer;
        this.warnAfter = warnAfter;
    }

    /** Called with the message as it stands after an attempt made at {@code now}. */
    void afterAttempt(QueuedMail mail, Instant now) {
        Instant warnAt = mail.arrivedAt().plus(warnAfter);
        if (!now.isBefore(warnAt) || mail.nextAttemptAt().isBefore(warnAt)) {
            return;
        }
        List<RecipientState> delayed = mail.recipients().stream().filter(state -> state.status() == RecipientStatus.PENDING).toList();
        try {
            composer.composeDelayWarning(mail, delayed, queue.content(mail.id())).ifPresent(notice -> {
                QueueId id = QueueId.generate();
                queue.enqueue(id, notice.envelope(), notice.content()).whenComplete((stored, error) -> {
                    if (error == null) {
                        LOGGER.info("{}: sender delay notification: {}", mail.id(), id);
                    } else {
                        LOGGER.warn("{}: could not queue the sender delay notification", mail.id(), error);
                    }
                });
            });
        } catch (IOException | RuntimeException e) {
            LOGGER.warn("{}: could not write the sender delay notification", mail.id(), e);
        }
    }
}
