package dev.mailserver.queue.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the queue's schema up to date at start: the SQL files under {@code migrations/}, numbered, each
 * applied once, in order, each in the transaction that records it in {@code schema_version}. An advisory
 * lock makes nodes that start together wait for each other rather than apply a file twice. A database
 * whose schema is newer than this program stops the start.
 */
final class SchemaMigrations {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrations.class);
    /** The files in order; file {@code i} brings the schema to version {@code i + 1}. */
    private static final List<String> FILES = List.of("V1__queue.sql", "V2__envelope_options.sql");
    /** Any number, the same for every node: the key of the advisory lock. */
    private static final long LOCK_KEY = 0x6D61696C71756575L;

    private SchemaMigrations() {
    }

    static void apply(Database database) throws IOException {
        int version = database.inTransaction(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")");
                statement.execute("CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, "
                    + "applied_at timestamptz NOT NULL DEFAULT now())");
                int current = currentVersion(statement);
                if (current > FILES.size()) {
                    throw new IOException("the queue database has schema version " + current
                        + ", newer than this program knows (" + FILES.size() + "): upgrade the program");
                }
                for (int next = current + 1; next <= FILES.size(); next++) {
                    statement.execute(script(FILES.get(next - 1)));
                    statement.execute("INSERT INTO schema_version (version) VALUES (" + next + ")");
                    LOG.info("Queue database schema brought to version {} ({})", next, FILES.get(next - 1));
                }
                return FILES.size();
            }
        });
        LOG.debug("Queue database schema at version {}", version);
    }

    private static int currentVersion(Statement statement) throws SQLException {
        try (ResultSet rows = statement.executeQuery("SELECT coalesce(max(version), 0) FROM schema_version")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static String script(String file) {
        try (InputStream in = SchemaMigrations.class.getResourceAsStream("migrations/" + file)) {
            if (in == null) {
                throw new IllegalStateException("migration " + file + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
