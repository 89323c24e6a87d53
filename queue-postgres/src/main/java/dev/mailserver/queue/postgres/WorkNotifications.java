package dev.mailserver.queue.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailserver.core.queue.backend.WorkSignal;

/**
 * Wakes this node's delivery loop when any node enqueues mail or makes it due, through PostgreSQL's
 * LISTEN/NOTIFY: a transaction that adds work {@link #announce announces} it, and the notification reaches
 * every listening node when it commits. One thread per node listens on a connection of its own (outside
 * the pool) and reconnects after the server went away; while it is away, the delivery loop's poll
 * interval bounds the wait.
 */
final class WorkNotifications implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WorkNotifications.class);
    private static final String CHANNEL = "mailserver_queue";
    private static final int WAIT_MILLIS = 1000;

    private final PostgresQueueSettings settings;
    private final WorkSignal signal;
    private final Thread listener;
    private volatile boolean closed;
    private volatile Connection listening;

    private WorkNotifications(PostgresQueueSettings settings, WorkSignal signal) {
        this.settings = settings;
        this.signal = signal;
        this.listener = Thread.ofPlatform().name("mail-queue-listener").daemon(true).unstarted(this::listenUntilClosed);
    }

    static WorkNotifications start(PostgresQueueSettings settings, WorkSignal signal) {
        WorkNotifications notifications = new WorkNotifications(settings, signal);
        notifications.listener.start();
        return notifications;
    }

    /** Tells every node, once the transaction on {@code connection} commits, that there is work. */
    static void announce(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("NOTIFY " + CHANNEL);
        }
    }

    private void listenUntilClosed() {
        while (!closed) {
            try (Connection connection = connect()) {
                listening = connection;
                listen(connection);
            } catch (SQLException e) {
                if (!closed) {
                    LOG.debug("Not listening for queue notifications ({}); trying again in {} ms", e.getMessage(), WAIT_MILLIS);
                    pause();
                }
            }
        }
    }

    private void listen(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("LISTEN " + CHANNEL);
        }
        // Whatever was announced while this node was not listening is looked for now.
        signal.signal();
        PGConnection notices = connection.unwrap(PGConnection.class);
        while (!closed) {
            PGNotification[] received = notices.getNotifications(WAIT_MILLIS);
            if (received != null && received.length > 0) {
                signal.signal();
            }
        }
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", settings.user());
        properties.setProperty("password", settings.password());
        properties.setProperty("ApplicationName", "mailserver " + settings.node() + " listener");
        properties.setProperty("connectTimeout", String.valueOf(Database.CONNECTION_TIMEOUT.toSeconds()));
        Connection connection = DriverManager.getConnection(settings.url(), properties);
        connection.setAutoCommit(true);
        return connection;
    }

    private void pause() {
        try {
            Thread.sleep(WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    @Override
    public void close() {
        closed = true;
        Connection connection = listening;
        if (connection != null) {
            try {
                // Ends the wait for notifications at once.
                connection.close();
            } catch (SQLException ignored) {
                // Closed already.
            }
        }
        listener.interrupt();
        try {
            listener.join(2 * WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
