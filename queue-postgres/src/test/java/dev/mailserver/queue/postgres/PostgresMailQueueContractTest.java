package dev.mailserver.queue.postgres;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;

import org.junit.jupiter.api.AfterEach;

import dev.mailserver.core.queue.BounceComposer;
import dev.mailserver.core.queue.MailQueue;
import dev.mailserver.core.queue.QueueAdministration;
import dev.mailserver.core.queue.QueueAdministrationContract;
import dev.mailserver.queue.postgres.testing.TestDatabase;

/** The RocksDB spool's contract, on a real PostgreSQL, a schema of its own per test. */
class PostgresMailQueueContractTest extends QueueAdministrationContract {
    private TestDatabase database;

    /** Runs before the contract's own, which closes the queue; a schema without a session in it drops at once. */
    @AfterEach
    void dropSchema() throws SQLException {
        if (database != null) {
            database.drop();
        }
    }

    /** The schema is made at the first open of a test: the contract opens the queue before any method here could. */
    @Override
    protected MailQueue open(Clock clock, BounceComposer bounces) throws IOException {
        if (database == null) {
            database = uncheckedCreate();
        }
        return PostgresMailQueue.open(database.settings(TestRetries.FIVE_DAYS, "node-a"), clock, bounces);
    }

    private static TestDatabase uncheckedCreate() throws IOException {
        try {
            return TestDatabase.create();
        } catch (SQLException e) {
            throw new IOException(e);
        }
    }

    @Override
    protected QueueAdministration administrationOf(MailQueue queue) {
        return ((PostgresMailQueue) queue).administration();
    }

    @Override
    protected void close(MailQueue queue) {
        ((PostgresMailQueue) queue).close();
    }
}
