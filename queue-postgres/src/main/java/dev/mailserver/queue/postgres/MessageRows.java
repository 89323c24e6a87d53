package dev.mailserver.queue.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;

import dev.mailserver.core.DsnNotify;
import dev.mailserver.core.DsnReturn;
import dev.mailserver.core.Envelope;
import dev.mailserver.core.EnvelopeOptions;
import dev.mailserver.core.OriginalRecipient;
import dev.mailserver.core.QueueId;
import dev.mailserver.core.RecipientOptions;
import dev.mailserver.core.queue.QueuedMail;
import dev.mailserver.core.queue.RecipientState;
import dev.mailserver.core.queue.RecipientStatus;

/** Reads and writes rows of {@code messages} with their {@code recipients}; the caller owns the transaction. */
final class MessageRows {
    /** What {@link #load} expects a query on {@code messages} to select. */
    static final String COLUMNS =
        "id, sender, size, arrived_at, attempts, next_attempt_at, held, delay_warned, lease_owner, lease_epoch, lease_until, "
            + "envelope_id, ret, smtp_utf8, require_tls";
    private static final int PAGE = 500;

    private MessageRows() {
    }

    /**
     * Inserts a new message due at {@code now}, with its content.
     *
     * @param noticeOf for a notice, the message it reports on
     * @throws SQLException with SQLSTATE {@link Database#UNIQUE_VIOLATION} when the id is taken
     */
    static void insert(Connection connection, QueueId id, Envelope envelope, InputStream content, long size, Instant now,
                       Optional<QueueId> noticeOf) throws SQLException, IOException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO messages "
            + "(id, sender, size, arrived_at, next_attempt_at, notice_of, envelope_id, ret, smtp_utf8, require_tls) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, id.value());
            insert.setString(2, envelope.sender().asString(""));
            insert.setLong(3, size);
            insert.setLong(4, now.toEpochMilli());
            insert.setLong(5, now.toEpochMilli());
            if (noticeOf.isPresent()) {
                insert.setString(6, noticeOf.get().value());
            } else {
                insert.setNull(6, Types.VARCHAR);
            }
            EnvelopeOptions options = envelope.options();
            insert.setString(7, options.envelopeId().orElse(null));
            insert.setString(8, options.ret().map(DsnReturn::name).orElse(null));
            insert.setBoolean(9, options.smtpUtf8());
            insert.setBoolean(10, options.requireTls());
            insert.executeUpdate();
        }
        try (PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO recipients (message_id, position, address, status, notify, orcpt_type, orcpt) "
                + "VALUES (?, ?, ?, 'PENDING', ?, ?, ?)")) {
            insert.setString(1, id.value());
            for (int position = 0; position < envelope.recipients().size(); position++) {
                MailAddress recipient = envelope.recipients().get(position);
                RecipientOptions options = envelope.recipientOptions().getOrDefault(recipient, RecipientOptions.NONE);
                insert.setInt(2, position);
                insert.setString(3, recipient.asString());
                insert.setString(4, options.notifyOn().given() ? options.notifyOn().toParameter() : null);
                insert.setString(5, options.originalRecipient().map(OriginalRecipient::addressType).orElse(null));
                insert.setString(6, options.originalRecipient().map(OriginalRecipient::address).orElse(null));
                insert.addBatch();
            }
            insert.executeBatch();
        }
        long written = ContentChunks.write(connection, id, content);
        if (written != size) {
            throw new IOException("the content of " + id + " has " + written + " bytes, not the " + size + " it announced");
        }
    }

    /** Stores the message as it stands after an attempt and ends its lease. */
    static void update(Connection connection, QueuedMail mail, boolean delayWarned) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE messages SET attempts = ?, next_attempt_at = ?, "
            + "delay_warned = ?, lease_owner = NULL, lease_until = NULL WHERE id = ?")) {
            update.setInt(1, mail.attempts());
            update.setLong(2, mail.nextAttemptAt().toEpochMilli());
            update.setBoolean(3, delayWarned);
            update.setString(4, mail.id().value());
            update.executeUpdate();
        }
        updateRecipients(connection, mail);
    }

    /** Stores every recipient's state as {@code mail} has it. */
    static void updateRecipients(Connection connection, QueuedMail mail) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
            "UPDATE recipients SET status = ?, last_result = ? WHERE message_id = ? AND position = ?")) {
            update.setString(3, mail.id().value());
            for (int position = 0; position < mail.recipients().size(); position++) {
                RecipientState state = mail.recipients().get(position);
                update.setString(1, state.status().name());
                update.setString(2, state.lastResult());
                update.setInt(4, position);
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    /** Removes the message with its recipients and content. */
    static void delete(Connection connection, QueueId id) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM messages WHERE id = ?")) {
            delete.setString(1, id.value());
            delete.executeUpdate();
        }
    }

    /** The message, its row locked for the rest of the transaction when {@code forUpdate}. */
    static Optional<StoredMessage> find(Connection connection, QueueId id, boolean forUpdate) throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM messages WHERE id = ?" + (forUpdate ? " FOR UPDATE" : "");
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, id.value());
            return load(connection, select).stream().findFirst();
        }
    }

    /** The messages with these ids, in id order, their rows locked for the rest of the transaction. */
    static List<StoredMessage> lockAll(Connection connection, List<QueueId> ids) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
            "SELECT " + COLUMNS + " FROM messages WHERE id = ANY (?) ORDER BY id FOR UPDATE")) {
            select.setArray(1, textArray(connection, ids.stream().map(QueueId::value).toList()));
            return load(connection, select);
        }
    }

    /** Visits every message in id (arrival) order, a page at a time, until the visitor says stop. */
    static void forEach(Connection connection, Visitor visitor) throws SQLException {
        String after = "";
        while (true) {
            List<StoredMessage> page;
            try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM messages WHERE id > ? ORDER BY id LIMIT " + PAGE)) {
                select.setString(1, after);
                page = load(connection, select);
            }
            for (StoredMessage message : page) {
                if (!visitor.visit(message)) {
                    return;
                }
            }
            if (page.size() < PAGE) {
                return;
            }
            after = page.get(page.size() - 1).mail().id().value();
        }
    }

    /** Runs a query that selects {@link #COLUMNS} and reads the recipients of the messages it returns, keeping its order. */
    static List<StoredMessage> load(Connection connection, PreparedStatement query) throws SQLException {
        return load(connection, query, result -> false);
    }

    /** @param tookOver reads from a row of the query whether its lease took over one that had timed out */
    static List<StoredMessage> load(Connection connection, PreparedStatement query, RowFlag tookOver) throws SQLException {
        Map<String, Row> rows = new LinkedHashMap<>();
        try (ResultSet result = query.executeQuery()) {
            while (result.next()) {
                Row row = Row.read(result, tookOver.read(result));
                rows.put(row.id().value(), row);
            }
        }
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<String, List<RecipientState>> recipients = recipientsOf(connection, List.copyOf(rows.keySet()));
        List<StoredMessage> messages = new ArrayList<>(rows.size());
        for (Row row : rows.values()) {
            messages.add(row.with(recipients.getOrDefault(row.id().value(), List.of())));
        }
        return messages;
    }

    private static Map<String, List<RecipientState>> recipientsOf(Connection connection, List<String> ids) throws SQLException {
        Map<String, List<RecipientState>> byMessage = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT message_id, address, status, last_result, notify, orcpt_type, orcpt "
            + "FROM recipients WHERE message_id = ANY (?) ORDER BY message_id, position")) {
            select.setArray(1, textArray(connection, ids));
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    String id = result.getString(1);
                    String orcptType = result.getString(6);
                    RecipientOptions options = new RecipientOptions(notify(result.getString(5)),
                        orcptType == null ? Optional.empty() : Optional.of(new OriginalRecipient(orcptType, result.getString(7))));
                    RecipientState state = new RecipientState(address(id, result.getString(2)),
                        RecipientStatus.valueOf(result.getString(3)), result.getString(4), options);
                    byMessage.computeIfAbsent(id, ignored -> new ArrayList<>()).add(state);
                }
            }
        }
        return byMessage;
    }

    /** NOTIFY as {@link DsnNotify#toParameter()} wrote it; null for not given. */
    private static DsnNotify notify(String parameter) {
        if (parameter == null) {
            return DsnNotify.DEFAULT;
        }
        if (parameter.equals("NEVER")) {
            return DsnNotify.NEVER;
        }
        Set<DsnNotify.Event> events = EnumSet.noneOf(DsnNotify.Event.class);
        for (String event : parameter.split(",")) {
            events.add(DsnNotify.Event.valueOf(event));
        }
        return DsnNotify.of(events);
    }

    private static Array textArray(Connection connection, List<String> values) throws SQLException {
        return connection.createArrayOf("text", values.toArray());
    }

    private static MailAddress address(String id, String text) throws SQLException {
        try {
            return new MailAddress(text);
        } catch (AddressException e) {
            throw new SQLException("message " + id + " has a corrupt address: " + text, e);
        }
    }

    /** One message row, before its recipients are read. */
    private record Row(QueueId id, MaybeSender sender, long size, Instant arrivedAt, int attempts, Instant nextAttemptAt,
                       boolean held, boolean delayWarned, Optional<Lease> lease, EnvelopeOptions options) {
        static Row read(ResultSet result, boolean tookOver) throws SQLException {
            String id = result.getString("id");
            String sender = result.getString("sender");
            long leaseUntil = result.getLong("lease_until");
            Optional<Lease> lease = result.wasNull() ? Optional.empty()
                : Optional.of(new Lease(result.getString("lease_owner"), result.getLong("lease_epoch"),
                    Instant.ofEpochMilli(leaseUntil), tookOver));
            return new Row(new QueueId(id), sender.isEmpty() ? MaybeSender.nullSender() : MaybeSender.of(address(id, sender)),
                result.getLong("size"), Instant.ofEpochMilli(result.getLong("arrived_at")), result.getInt("attempts"),
                Instant.ofEpochMilli(result.getLong("next_attempt_at")), result.getBoolean("held"),
                result.getBoolean("delay_warned"), lease, options(result));
        }

        private static EnvelopeOptions options(ResultSet result) throws SQLException {
            String ret = result.getString("ret");
            return new EnvelopeOptions(Optional.ofNullable(result.getString("envelope_id")),
                ret == null ? Optional.empty() : Optional.of(DsnReturn.valueOf(ret)), result.getBoolean("smtp_utf8"),
                result.getBoolean("require_tls"));
        }

        StoredMessage with(List<RecipientState> recipients) {
            return new StoredMessage(new QueuedMail(id, sender, recipients, size, arrivedAt, attempts, nextAttemptAt, options), held,
                delayWarned, lease);
        }
    }

    @FunctionalInterface
    interface RowFlag {
        boolean read(ResultSet row) throws SQLException;
    }

    @FunctionalInterface
    interface Visitor {
        /** @return whether to go on with the next message */
        boolean visit(StoredMessage message) throws SQLException;
    }
}
