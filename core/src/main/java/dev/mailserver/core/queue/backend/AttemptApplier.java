package dev.mailserver.core.queue.backend;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.james.core.MailAddress;

import dev.mailserver.core.DeliveryResult;
import dev.mailserver.core.queue.QueuedMail;
import dev.mailserver.core.queue.RecipientResult;
import dev.mailserver.core.queue.RecipientState;
import dev.mailserver.core.queue.RecipientStatus;

/**
 * Works out what one recorded delivery attempt makes of a queued message: the recipients' new states,
 * the attempt count, expiry, and the next attempt. Storing the result is the queue's job.
 */
final class AttemptApplier {
    private AttemptApplier() {
    }

    /**
     * @throws IllegalArgumentException when a result names a recipient the message does not have, or one
     *     recipient twice
     */
    static QueuedMail apply(QueuedMail mail, List<RecipientResult> results, Instant now, RetryPolicy schedule) {
        Map<MailAddress, DeliveryResult> resultByRecipient = resultByRecipient(mail, results);
        List<RecipientState> recipients = mail.recipients().stream()
            .map(state -> withResult(state, resultByRecipient.get(state.recipient())))
            .toList();
        if (schedule.isExpired(mail.arrivedAt(), now)) {
            recipients = recipients.stream().map(state -> expired(state, schedule.maxLifetime())).toList();
        }
        int attempts = mail.attempts() + 1;
        boolean finished = recipients.stream().allMatch(state -> state.status().isFinal());
        Instant nextAttemptAt = finished ? mail.nextAttemptAt() : schedule.nextAttempt(mail.arrivedAt(), attempts, now);
        return new QueuedMail(mail.id(), mail.sender(), recipients, mail.size(), mail.arrivedAt(), attempts, nextAttemptAt, mail.options());
    }

    /**
     * Turns recipients that have just failed back into pending ones, keeping their result, and schedules the
     * next attempt one retry delay from {@code now}, even past the expiry: used when the failure notice could
     * not be written, so that the failure is recorded again, with its notice, at a later attempt.
     */
    static QueuedMail keepPending(QueuedMail mail, List<RecipientState> failed, Instant now, RetryPolicy schedule) {
        List<RecipientState> recipients = mail.recipients().stream()
            .map(state -> failed.contains(state)
                ? state.with(RecipientStatus.PENDING, state.lastResult())
                : state)
            .toList();
        return new QueuedMail(mail.id(), mail.sender(), recipients, mail.size(), mail.arrivedAt(), mail.attempts(),
            now.plus(schedule.delayAfter(mail.attempts())), mail.options());
    }

    private static Map<MailAddress, DeliveryResult> resultByRecipient(QueuedMail mail, List<RecipientResult> results) {
        List<MailAddress> recipients = mail.recipients().stream().map(RecipientState::recipient).toList();
        Map<MailAddress, DeliveryResult> byRecipient = new HashMap<>();
        for (RecipientResult result : results) {
            if (!recipients.contains(result.recipient())) {
                throw new IllegalArgumentException(result.recipient() + " is not a recipient of " + mail.id());
            }
            if (byRecipient.put(result.recipient(), result.result()) != null) {
                throw new IllegalArgumentException("two results for " + result.recipient() + " of " + mail.id());
            }
        }
        return byRecipient;
    }

    /** A final recipient stays as it is: it must never be delivered again. */
    private static RecipientState withResult(RecipientState state, DeliveryResult result) {
        if (result == null || state.status().isFinal()) {
            return state;
        }
        RecipientStatus status = switch (result.outcome()) {
            case DELIVERED -> RecipientStatus.DELIVERED;
            case PERMANENT_FAILURE -> RecipientStatus.FAILED;
            case TEMPORARY_FAILURE -> RecipientStatus.PENDING;
        };
        return state.with(status, result.toString());
    }

    private static RecipientState expired(RecipientState state, Duration maxLifetime) {
        if (state.status().isFinal()) {
            return state;
        }
        String reason = "5.4.7 Delivery time expired after " + describe(maxLifetime);
        String lastResult = state.lastResult().isEmpty() ? reason : reason + "; last result: " + state.lastResult();
        return state.with(RecipientStatus.FAILED, lastResult);
    }

    /** Days, hours, minutes and seconds, e.g. {@code 5d} or {@code 1h30m}. */
    private static String describe(Duration duration) {
        StringBuilder text = new StringBuilder();
        appendPart(text, duration.toDaysPart(), "d");
        appendPart(text, duration.toHoursPart(), "h");
        appendPart(text, duration.toMinutesPart(), "m");
        appendPart(text, duration.toSecondsPart(), "s");
        return text.isEmpty() ? duration.toString() : text.toString();
    }

    private static void appendPart(StringBuilder text, long amount, String unit) {
        if (amount > 0) {
            text.append(amount).append(unit);
        }
    }
}
