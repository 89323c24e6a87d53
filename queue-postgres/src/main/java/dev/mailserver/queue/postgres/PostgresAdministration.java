package dev.mailserver.queue.postgres;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.james.core.Domain;

import dev.mailserver.core.QueueId;
import dev.mailserver.core.queue.MessageDetails;
import dev.mailserver.core.queue.MessageState;
import dev.mailserver.core.queue.QueueAdministration;
import dev.mailserver.core.queue.QueueCounts;
import dev.mailserver.core.queue.QueueEntry;
import dev.mailserver.core.queue.QueueFilter;
import dev.mailserver.core.queue.QueuedMail;
import dev.mailserver.core.queue.backend.WorkSignal;

/**
 * The administrative operations on the shared queue; any node may run them, and they see and change every
 * node's mail. Reads walk the messages in id order, a page at a time. A change finds the matching messages,
 * then locks their rows in id order in one transaction, checks the filter again on each as it stands, and
 * commits all changes together; a change that makes mail due announces it to every node.
 */
final class PostgresAdministration implements QueueAdministration {
    private final Database database;
    private final String instance;
    private final WorkSignal workSignal;
    private final Clock clock;

    PostgresAdministration(Database database, String instance, WorkSignal workSignal, Clock clock) {
        this.database = database;
        this.instance = instance;
        this.workSignal = workSignal;
        this.clock = clock;
    }

    @Override
    public List<QueueEntry> list(QueueFilter filter, int limit) throws IOException {
        Instant now = now();
        return database.inTransaction(connection -> matching(connection, filter, now, limit)).stream()
            .map(message -> message.entry(now)).toList();
    }

    @Override
    public Optional<MessageDetails> show(QueueId id) throws IOException {
        Optional<StoredMessage> stored = database.inTransaction(connection -> MessageRows.find(connection, id, false));
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        QueuedMail mail = stored.get().mail();
        return Optional.of(new MessageDetails(stored.get().entry(now()),
            ContentChunks.pooled(database, id, mail.size(), Duration.ZERO).header().headers()));
    }

    /** {@inheritDoc} Counted by the database, without reading the messages. */
    @Override
    public QueueCounts counts() throws IOException {
        long now = now().toEpochMilli();
        return database.inTransaction(connection -> {
            Map<MessageState, Long> byState = new EnumMap<>(MessageState.class);
            for (MessageState state : MessageState.values()) {
                byState.put(state, 0L);
            }
            try (PreparedStatement select = connection.prepareStatement("SELECT CASE WHEN held THEN 'HELD' "
                + "WHEN lease_until > ? THEN 'ACTIVE' WHEN attempts > 0 THEN 'DEFERRED' ELSE 'QUEUED' END, count(*) "
                + "FROM messages GROUP BY 1")) {
                select.setLong(1, now);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        byState.put(MessageState.valueOf(rows.getString(1)), rows.getLong(2));
                    }
                }
            }
            Map<Domain, Long> byDomain = new HashMap<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT lower(substring(address from '[^@]*$')), "
                + "count(DISTINCT message_id) FROM recipients WHERE status <> 'DELIVERED' GROUP BY 1");
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    byDomain.merge(Domain.of(rows.getString(1)), rows.getLong(2), Long::sum);
                }
            }
            return new QueueCounts(byState, byDomain);
        });
    }

    @Override
    public List<QueueId> flush(QueueFilter filter) throws IOException {
        return change(filter, true, (connection, message, now) -> !message.held()
            && Sql.update(connection, "UPDATE messages SET next_attempt_at = ? WHERE id = ?", now.toEpochMilli(), idOf(message)) > 0);
    }

    @Override
    public List<QueueId> hold(QueueFilter filter) throws IOException {
        return change(filter, false, (connection, message, now) -> !message.held()
            && Sql.update(connection, "UPDATE messages SET held = true WHERE id = ?", idOf(message)) > 0);
    }

    @Override
    public List<QueueId> release(QueueFilter filter) throws IOException {
        return change(filter, true, (connection, message, now) -> message.held()
            && Sql.update(connection, "UPDATE messages SET held = false, next_attempt_at = ? WHERE id = ?",
                now.toEpochMilli(), idOf(message)) > 0);
    }

    @Override
    public List<QueueId> requeue(QueueFilter filter) throws IOException {
        return change(filter, true, (connection, message, now) -> {
            Sql.update(connection, "UPDATE recipients SET status = 'PENDING' WHERE message_id = ? AND status = 'FAILED'",
                idOf(message));
            return Sql.update(connection, "UPDATE messages SET attempts = 0, next_attempt_at = ? WHERE id = ?",
                now.toEpochMilli(), idOf(message)) > 0;
        });
    }

    @Override
    public List<QueueId> delete(QueueFilter filter) throws IOException {
        return change(filter, false,
            (connection, message, now) -> Sql.update(connection, "DELETE FROM messages WHERE id = ?", idOf(message)) > 0);
    }

    private List<QueueId> change(QueueFilter filter, boolean makesDue, Change change) throws IOException {
        Instant now = now();
        List<QueueId> changed = database.inTransaction(connection -> {
            List<QueueId> ids = matching(connection, filter, now, Integer.MAX_VALUE).stream().map(message -> message.mail().id())
                .toList();
            List<QueueId> done = new ArrayList<>();
            if (ids.isEmpty()) {
                return done;
            }
            for (StoredMessage message : MessageRows.lockAll(connection, ids)) {
                if (filter.matches(message.entry(now), now) && change.apply(connection, message, now)) {
                    done.add(message.mail().id());
                }
            }
            if (makesDue && !done.isEmpty()) {
                WorkNotifications.announce(connection, instance);
            }
            return done;
        });
        if (makesDue && !changed.isEmpty()) {
            workSignal.signal();
        }
        return changed;
    }

    private static List<StoredMessage> matching(Connection connection, QueueFilter filter, Instant now, int limit)
        throws SQLException {
        List<StoredMessage> found = new ArrayList<>();
        if (limit < 1) {
            return found;
        }
        if (filter.id().isPresent()) {
            MessageRows.find(connection, filter.id().get(), false).filter(message -> filter.matches(message.entry(now), now))
                .ifPresent(found::add);
            return found;
        }
        MessageRows.forEach(connection, message -> {
            if (filter.matches(message.entry(now), now)) {
                found.add(message);
            }
            return found.size() < limit;
        });
        return found;
    }

    private static String idOf(StoredMessage message) {
        return message.mail().id().value();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** One message's change, in the transaction; says whether there was anything to change. */
    @FunctionalInterface
    private interface Change {
        boolean apply(Connection connection, StoredMessage message, Instant now) throws SQLException;
    }
}
