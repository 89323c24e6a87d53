package dev.mailserver.app.admin;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import dev.mailserver.core.QueueId;
import dev.mailserver.core.queue.MessageDetails;
import dev.mailserver.core.queue.MessageHeader;
import dev.mailserver.core.queue.QueueCounts;
import dev.mailserver.core.queue.QueueEntry;
import dev.mailserver.core.queue.QueuedMail;
import dev.mailserver.core.queue.RecipientState;

/** The JSON shapes of the admin API's queue answers, written by the server and read by the CLI. */
public final class QueueViews {
    private QueueViews() {
    }

    /** One queued message; times are ISO-8601 instants, {@code sender} is empty for the null sender. */
    public record Message(String id, String state, String sender, long size, String arrivedAt, int attempts, String nextAttemptAt,
                   List<Recipient> recipients) {
        static Message of(QueueEntry entry) {
            QueuedMail mail = entry.mail();
            return new Message(mail.id().value(), lowerCase(entry.state()), mail.sender().asString(""), mail.size(),
                mail.arrivedAt().toString(), mail.attempts(), mail.nextAttemptAt().toString(),
                mail.recipients().stream().map(Recipient::of).toList());
        }
    }

    public record Recipient(String address, String status, String lastResult) {
        static Recipient of(RecipientState state) {
            return new Recipient(state.recipient().asString(), lowerCase(state.status()), state.lastResult());
        }
    }

    public record Details(Message message, List<MessageHeader> headers) {
        static Details of(MessageDetails details) {
            return new Details(Message.of(details.entry()), details.headers());
        }
    }

    /** What a changing operation did: the ids of the messages it changed. */
    public record Changed(String operation, int count, List<String> ids) {
        static Changed of(String operation, List<QueueId> ids) {
            return new Changed(operation, ids.size(), ids.stream().map(QueueId::value).toList());
        }
    }

    public record Counts(long total, Map<String, Long> byState, Map<String, Long> byDomain) {
        static Counts of(QueueCounts counts) {
            Map<String, Long> byState = new TreeMap<>();
            counts.byState().forEach((state, count) -> byState.put(lowerCase(state), count));
            Map<String, Long> byDomain = new TreeMap<>();
            counts.byDomain().forEach((domain, count) -> byDomain.put(domain.asString(), count));
            return new Counts(counts.total(), byState, byDomain);
        }
    }

    private static String lowerCase(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
