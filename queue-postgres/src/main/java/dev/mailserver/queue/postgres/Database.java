package dev.mailserver.queue.postgres;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailserver.core.queue.QueueStorageException;

/**
 * The connection pool to the queue's database, and transactions on it. A failed statement becomes an
 * {@link IOException}: a {@link QueueStorageException} when the server is out of disk space, a plain
 * one when it cannot be reached or failed otherwise. That the server cannot be reached is logged once,
 * and again once it can.
 */
final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    /** How long an operation waits for a connection before it fails, e.g. while the server is down. */
    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(5);
    /** SQLSTATE of a unique constraint violated. */
    static final String UNIQUE_VIOLATION = "23505";
    /** SQLSTATE of a server out of disk space. */
    private static final String DISK_FULL = "53100";
    /** SQLSTATE classes of a lost connection, and of a server shutting down or starting. */
    private static final String CONNECTION_EXCEPTION = "08";
    private static final String OPERATOR_INTERVENTION = "57";

    private final HikariDataSource pool;
    private final String description;
    private final AtomicBoolean unreachable = new AtomicBoolean();

    private Database(HikariDataSource pool, String description) {
        this.pool = pool;
        this.description = description;
    }

    /** @throws IOException when no connection can be made, naming the URL and the server's reason */
    static Database connect(PostgresQueueSettings settings) throws IOException {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.poolSize());
        config.setPoolName("mail-queue");
        config.setAutoCommit(false);
        config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        config.addDataSourceProperty("ApplicationName", "mailserver " + settings.node());
        try {
            return new Database(new HikariDataSource(config), settings.url() + " as " + settings.user());
        } catch (HikariPool.PoolInitializationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IOException("cannot connect to the queue database " + settings.url() + " as " + settings.user() + ": "
                + cause.getMessage(), cause);
        }
    }

    /** Runs {@code work} in one transaction on a pooled connection and commits it; rolls back when it throws. */
    <T> T inTransaction(Work<T> work) throws IOException {
        return inTransaction(work, Duration.ZERO);
    }

    /**
     * As {@link #inTransaction(Work)}, but waits up to {@code patience} (at least {@link #CONNECTION_TIMEOUT})
     * for a pooled connection: for a write that must not fail only because every connection was busy, such as
     * the record of a delivery attempt. Nothing has run before a connection is had, so waiting longer is safe.
     */
    <T> T inTransaction(Work<T> work, Duration patience) throws IOException {
        long giveUpAt = System.nanoTime() + patience.toNanos();
        while (true) {
            Connection connection;
            try {
                connection = pool.getConnection();
            } catch (SQLTransientConnectionException e) {
                if (System.nanoTime() - giveUpAt < 0) {
                    continue;
                }
                throw failure(e);
            } catch (SQLException e) {
                throw failure(e);
            }
            return inTransaction(connection, work);
        }
    }

    private <T> T inTransaction(Connection pooled, Work<T> work) throws IOException {
        try (Connection connection = pooled) {
            try {
                T result = work.run(connection);
                connection.commit();
                if (unreachable.compareAndSet(true, false)) {
                    LOG.info("The queue database {} can be reached again", description);
                }
                return result;
            } catch (SQLException | IOException | RuntimeException e) {
                rollbackQuietly(connection);
                throw e;
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** The IOException for a failed statement. */
    IOException failure(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String message = "the queue database " + description + " failed: " + e.getMessage();
        boolean lost = e instanceof SQLTransientConnectionException || state.startsWith(CONNECTION_EXCEPTION)
            || state.startsWith(OPERATOR_INTERVENTION);
        if (lost && unreachable.compareAndSet(false, true)) {
            LOG.warn("The queue database {} cannot be reached: {}", description, e.getMessage());
        }
        return state.equals(DISK_FULL) ? new QueueStorageException(message, e) : new IOException(message, e);
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // The connection is broken; the pool drops it and the server rolls the transaction back.
        }
    }

    @Override
    public void close() {
        pool.close();
    }

    /** Statements run inside a transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException, IOException;
    }
}
