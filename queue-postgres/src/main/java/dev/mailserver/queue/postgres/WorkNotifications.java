package dev.mailserver.queue.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Properties;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailserver.core.queue.backend.WorkSignal;

/**
 * Wakes this node's delivery loop when another node enqueues mail or makes it due, through PostgreSQL's
 * LISTEN/NOTIFY: a transaction that adds work {@link #announce announces} it, signed with its queue's
 * instance, and the notification reaches every listening node when it commits (a queue wakes itself
 * directly, and ignores its own announcements). One thread per node listens on a connection of its own
 * (outside the pool) and reconnects after the server went away, waking the node once then for what it
 * may have missed; while it is away, the delivery loop's poll interval bounds the wait.
 */
final class WorkNotifications implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WorkNotifications.class);
    private static final String CHANNEL = "mailserver_queue";
    private static final int WAIT_MILLIS = 1000;

    private final PostgresQueueSettings settings;
    private final String instance;
    private final WorkSignal signal;
    private final Thread listener;
    private volatile boolean closed;
    private volatile Connection listening;

    private WorkNotifications(PostgresQueueSettings settings, String instance, WorkSignal signal) {
        this.settings = settings;
        this.instance = instance;
        this.signal = signal;
        this.listener = Thread.ofPlatform().name("mail-queue-listener").daemon(true).unstarted(this::listenUntilClosed);
    }

    /** @param instance what the queue signs its announcements with, unique among the queues on the database */
    static WorkNotifications start(PostgresQueueSettings settings, String instance, WorkSignal signal) {
        WorkNotifications notifications = new WorkNotifications(settings, instance, signal);
        notifications.listener.start();
        return notifications;
    }

    /** Tells every other node, once the transaction on {@code connection} commits, that there is work. */
    static void announce(Connection connection, String instance) throws SQLException {
        try (PreparedStatement notify = connection.prepareStatement("SELECT pg_notify('" + CHANNEL + "', ?)")) {
            notify.setString(1, instance);
            notify.execute();
        }
    }

    private void listenUntilClosed() {
        boolean reconnecting = false;
        while (!closed) {
            try (Connection connection = connect()) {
                listening = connection;
                listen(connection, reconnecting);
            } catch (SQLException e) {
                reconnecting = true;
                if (!closed) {
                    LOG.debug("Not listening for queue notifications ({}); trying again in {} ms", e.getMessage(), WAIT_MILLIS);
                    pause();
                }
            }
        }
    }

    private void listen(Connection connection, boolean reconnected) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("LISTEN " + CHANNEL);
        }
        if (reconnected) {
            // Whatever was announced while this node was not listening is looked for now.
            signal.signal();
        }
        PGConnection notices = connection.unwrap(PGConnection.class);
        while (!closed) {
            PGNotification[] received = notices.getNotifications(WAIT_MILLIS);
            if (received != null && Arrays.stream(received).anyMatch(notice -> !instance.equals(notice.getParameter()))) {
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
