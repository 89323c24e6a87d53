package dev.mailserver.queue.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.Supplier;

import dev.mailserver.core.MessageContent;
import dev.mailserver.core.QueueId;
import dev.mailserver.core.queue.backend.ChunkInputStream;

/**
 * Message content as rows of {@code content_chunks}: {@value #CHUNK_SIZE} bytes a row, numbered from 0.
 * Written and read one chunk at a time, so the heap never holds a whole message.
 */
final class ContentChunks {
    static final int CHUNK_SIZE = 256 * 1024;

    private ContentChunks() {
    }

    /** Writes the content as the chunks of {@code id}; returns its size in bytes. */
    static long write(Connection connection, QueueId id, InputStream in) throws SQLException, IOException {
        long size = 0;
        try (PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO content_chunks (message_id, seq, data) VALUES (?, ?, ?)")) {
            insert.setString(1, id.value());
            for (int seq = 0; ; seq++) {
                byte[] chunk = in.readNBytes(CHUNK_SIZE);
                if (chunk.length == 0) {
                    return size;
                }
                insert.setInt(2, seq);
                insert.setBytes(3, chunk);
                insert.executeUpdate();
                size += chunk.length;
                if (chunk.length < CHUNK_SIZE) {
                    return size;
                }
            }
        }
    }

    /** One chunk read on this connection (inside its transaction); null when there is none. */
    static byte[] read(Connection connection, QueueId id, int seq) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
            "SELECT data FROM content_chunks WHERE message_id = ? AND seq = ?")) {
            select.setString(1, id.value());
            select.setInt(2, seq);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getBytes(1) : null;
            }
        }
    }

    static int count(long size) {
        return (int) ((size + CHUNK_SIZE - 1) / CHUNK_SIZE);
    }

    /** The content of {@code id}, each chunk read in a short transaction of its own from the pool, waiting up to {@code patience} for a connection. */
    static MessageContent pooled(Database database, QueueId id, long size, Duration patience) {
        return content(size, () -> new ChunkInputStream(
            (message, seq) -> database.inTransaction(connection -> read(connection, message, seq), patience), id, count(size)));
    }

    /** The content of {@code id} read on this connection, inside the transaction that is open on it. */
    static MessageContent onConnection(Connection connection, QueueId id, long size) {
        return content(size, () -> new ChunkInputStream((message, seq) -> {
            try {
                return read(connection, message, seq);
            } catch (SQLException e) {
                throw new IOException("could not read chunk " + seq + " of " + message + ": " + e.getMessage(), e);
            }
        }, id, count(size)));
    }

    private static MessageContent content(long size, Supplier<InputStream> opener) {
        return new MessageContent() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public InputStream openStream() {
                return opener.get();
            }
        };
    }
}
