package dev.mailserver.delivery;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Open SMTP connections waiting for the next message to their destination. A connection goes back after
 * each message unless it is broken or has carried its share of messages, and is closed once it has
 * been idle too long. Idle time is measured on the system's monotonic clock, not the delivery clock.
 */
final class ConnectionPool implements AutoCloseable {
    private final Map<String, Deque<SmtpConnection>> idle = new HashMap<>();
    private final long idleNanos;
    private final int maxTransactions;

    ConnectionPool(Duration idleTime, int maxTransactions) {
        this.idleNanos = idleTime.toNanos();
        this.maxTransactions = maxTransactions;
    }

    /**
     * The connection to the destination that was used last, if one is cached. It is not tested with a command
     * (that would cost a round trip per message): a server that closed it meanwhile shows at the next
     * transaction's first reply ({@link SmtpClientTransport.ClosedBeforeReply}), before anything was sent.
     */
    Optional<SmtpConnection> take(String destination) {
        closeExpired();
        return Optional.ofNullable(poll(destination));
    }

    void giveBack(String destination, SmtpConnection connection) {
        if (!connection.isReusable(maxTransactions)) {
            connection.close();
            return;
        }
        connection.markIdle(System.nanoTime());
        synchronized (idle) {
            idle.computeIfAbsent(destination, key -> new ArrayDeque<>()).push(connection);
        }
    }

    /** Closes the connections idle for longer than the idle time. */
    void closeExpired() {
        long now = System.nanoTime();
        List<SmtpConnection> expired = new ArrayList<>();
        synchronized (idle) {
            for (Iterator<Deque<SmtpConnection>> queues = idle.values().iterator(); queues.hasNext(); ) {
                Deque<SmtpConnection> queue = queues.next();
                queue.removeIf(connection -> now - connection.idleSinceNanos() >= idleNanos && expired.add(connection));
                if (queue.isEmpty()) {
                    queues.remove();
                }
            }
        }
        expired.forEach(SmtpConnection::close);
    }

    private SmtpConnection poll(String destination) {
        synchronized (idle) {
            Deque<SmtpConnection> queue = idle.get(destination);
            SmtpConnection connection = queue == null ? null : queue.poll();
            if (queue != null && queue.isEmpty()) {
                idle.remove(destination);
            }
            return connection;
        }
    }

    @Override
    public void close() {
        List<SmtpConnection> all = new ArrayList<>();
        synchronized (idle) {
            idle.values().forEach(all::addAll);
            idle.clear();
        }
        all.forEach(SmtpConnection::close);
    }
}
