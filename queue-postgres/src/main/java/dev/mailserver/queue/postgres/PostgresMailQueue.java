package dev.mailserver.queue.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailserver.core.Envelope;
import dev.mailserver.core.MessageContent;
import dev.mailserver.core.QueueId;
import dev.mailserver.core.queue.BounceComposer;
import dev.mailserver.core.OutgoingMessage;
import dev.mailserver.core.queue.MailQueue;
import dev.mailserver.core.queue.QueueAdministration;
import dev.mailserver.core.queue.QueueStorageException;
import dev.mailserver.core.queue.QueuedMail;
import dev.mailserver.core.queue.RecipientResult;
import dev.mailserver.core.queue.backend.AttemptPlanner;
import dev.mailserver.core.queue.backend.EnqueueHandOff;
import dev.mailserver.core.queue.backend.WorkSignal;
import dev.mailserver.core.queue.backend.WriterPool;

/**
 * A mail queue in a PostgreSQL database that several nodes share (schema in {@code migrations/}). Each node
 * opens its own instance on the same database; the database is the only state they share.
 *
 * <p><b>Leases.</b> {@link #leaseDue} takes due messages with {@code FOR UPDATE SKIP LOCKED}, so two nodes
 * never lease the same message, and stamps each with this node's name, a lease timeout and a new epoch (the
 * fencing token). {@link #recordAttempt} stores the attempt only while the message still carries that
 * epoch: once the lease has timed out and another node has taken the message over, the late attempt is
 * refused with {@link LeaseLostException}. A node that dies leaves its leases to time out after
 * {@link PostgresQueueSettings#leaseTimeout()}.
 *
 * <p><b>Durability.</b> An enqueue completes once the transaction that stores envelope and content has
 * committed; with the server's {@code synchronous_commit} on (its default), that is once it is on disk.
 * Concurrent enqueues run on their own connections, so their commits share the server's WAL flushes. An
 * attempt is stored in one transaction with the notices it causes.
 *
 * <p><b>Failures.</b> While the database cannot be reached, enqueues and recorded attempts fail with an
 * {@link IOException} (a {@link QueueStorageException} when the server is out of space), {@link #leaseDue}
 * finds nothing, and the pool reconnects by itself once the server is back. Times are stored with
 * millisecond precision by each node's clock, so the nodes' clocks must agree (NTP).
 */
public final class PostgresMailQueue implements MailQueue, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresMailQueue.class);
    /**
     * How long a delivery worker's reading of content and recording of an attempt wait for a pooled connection
     * (more workers than connections), before the attempt is deferred or its lease is left to time out.
     */
    static final Duration WORKER_PATIENCE = Duration.ofMinutes(1);
    /** Takes the due messages, each with the one lease it had before, if any (then timed out), as {@code took_over}. */
    private static final String LEASE_DUE = "WITH due AS (SELECT id AS due_id, lease_until IS NOT NULL AS took_over FROM messages "
        + "WHERE NOT held AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until <= ?) "
        + "ORDER BY next_attempt_at, id LIMIT ? FOR UPDATE SKIP LOCKED) "
        + "UPDATE messages SET lease_owner = ?, lease_epoch = lease_epoch + 1, lease_until = ? FROM due WHERE id = due_id "
        + "RETURNING " + MessageRows.COLUMNS + ", took_over";
    private static final Comparator<QueuedMail> DUE_ORDER =
        Comparator.comparing(QueuedMail::nextAttemptAt).thenComparing(QueuedMail::id);

    private final PostgresQueueSettings settings;
    private final Clock clock;
    private final Database database;
    private final AttemptPlanner planner;
    private final WriterPool writers;
    private final Map<QueueId, Lease> leases = new ConcurrentHashMap<>();
    /** Signs this queue's announcements of work, which it ignores when they come back. */
    private final String instance = UUID.randomUUID().toString();
    private final WorkSignal workSignal = new WorkSignal();
    private final WorkNotifications notifications;
    private final PostgresAdministration administration;

    private PostgresMailQueue(PostgresQueueSettings settings, Clock clock, BounceComposer bounces, Database database) {
        this.settings = settings;
        this.clock = clock;
        this.database = database;
        this.planner = new AttemptPlanner(settings.retryPolicy(), bounces, settings.delayWarning());
        this.writers = new WriterPool(settings.poolSize(), "on " + settings.url());
        this.notifications = WorkNotifications.start(settings, instance, workSignal);
        this.administration = new PostgresAdministration(database, instance, workSignal, clock);
    }

    /**
     * Connects to the database and brings its schema up to date.
     *
     * @param clock gives enqueued mail its arrival time and administrative changes their time
     * @param bounces writes the notices for failed and, if configured, delayed recipients
     * @throws IOException when the database cannot be reached or its schema is newer than this program
     */
    public static PostgresMailQueue open(PostgresQueueSettings settings, Clock clock, BounceComposer bounces) throws IOException {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(bounces, "bounces");
        Database database = Database.connect(settings);
        try {
            SchemaMigrations.apply(database);
            PostgresMailQueue queue = new PostgresMailQueue(settings, clock, bounces, database);
            LOG.info("Mail queue opened on {} as node {} with {} queued messages", settings.url(), settings.node(), queue.size());
            return queue;
        } catch (IOException | RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Completes exceptionally with {@link QueueStorageException} when the database server is out of
     * space, with another {@link IOException} when it cannot be reached or fails otherwise (or the content
     * cannot be read), and with {@link IllegalStateException} once the queue is closed.
     */
    @Override
    public CompletableFuture<Void> enqueue(QueueId id, Envelope envelope, MessageContent content) {
        return EnqueueHandOff.toWriters(writers, id, envelope, content, this::store, workSignal);
    }

    private void store(QueueId id, Envelope envelope, MessageContent content) throws IOException {
        Instant now = now();
        database.inTransaction(connection -> {
            try (InputStream in = content.openStream()) {
                MessageRows.insert(connection, id, envelope, in, content.size(), now, Optional.empty());
            } catch (SQLException e) {
                if (Database.UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw new IllegalArgumentException(id + " is already queued");
                }
                throw e;
            }
            WorkNotifications.announce(connection, instance);
            return null;
        });
    }

    /**
     * {@inheritDoc} Leases of every node count; one that has timed out no longer blocks. While the
     * database cannot be reached this finds nothing.
     */
    @Override
    public List<QueuedMail> leaseDue(Instant now, int max) {
        Objects.requireNonNull(now, "now");
        if (max < 1) {
            return List.of();
        }
        long at = now.truncatedTo(ChronoUnit.MILLIS).toEpochMilli();
        long until = at + settings.leaseTimeout().toMillis();
        List<StoredMessage> leased;
        try {
            leased = database.inTransaction(connection -> {
                try (PreparedStatement lease = connection.prepareStatement(LEASE_DUE)) {
                    lease.setLong(1, at);
                    lease.setLong(2, at);
                    lease.setInt(3, max);
                    lease.setString(4, settings.node());
                    lease.setLong(5, until);
                    return MessageRows.load(connection, lease, result -> result.getBoolean("took_over"));
                }
            });
        } catch (IOException e) {
            return List.of();
        }
        List<QueuedMail> mails = new ArrayList<>(leased.size());
        for (StoredMessage message : leased) {
            leases.put(message.mail().id(), message.lease().orElseThrow());
            mails.add(message.mail());
        }
        mails.sort(DUE_ORDER);
        return mails;
    }

    /** {@inheritDoc} Known until the attempt is recorded. */
    @Override
    public boolean wasTakenOver(QueueId id) {
        Lease lease = leases.get(id);
        return lease != null && lease.tookOver();
    }

    @Override
    public Optional<QueuedMail> find(QueueId id) {
        try {
            return database.inTransaction(connection -> MessageRows.find(connection, id, false)).map(StoredMessage::mail);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@inheritDoc} Its stream reads one chunk at a time, each on a pooled connection taken only for that read;
     * while every pooled connection is busy, a read waits up to {@link #WORKER_PATIENCE} for one.
     */
    @Override
    public MessageContent content(QueueId id) {
        long size;
        try {
            size = database.inTransaction(connection -> sizeOf(connection, id), WORKER_PATIENCE).orElseThrow(() -> notQueued(id));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ContentChunks.pooled(database, id, size, WORKER_PATIENCE);
    }

    private static Optional<Long> sizeOf(Connection connection, QueueId id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT size FROM messages WHERE id = ?")) {
            select.setString(1, id.value());
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(rows.getLong(1)) : Optional.empty();
            }
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Results for recipients that are already final are ignored. This node's lease ends even when this
     * throws. When the cause is a bad argument the message is free to be leased again at once; when the
     * database could not be reached its lease stays in the database until it times out, so that its
     * recipients are not delivered again before then. While every pooled connection is busy (more delivery
     * workers than connections) it waits up to {@link #WORKER_PATIENCE} for one rather than fail.
     *
     * @throws IllegalStateException when this node holds no lease on the message
     * @throws LeaseLostException when the lease timed out and another node took the message over
     * @throws IllegalArgumentException when a result names a recipient the message does not have
     * @throws NoSuchElementException when the message was deleted during the attempt
     */
    @Override
    public QueuedMail recordAttempt(QueueId id, List<RecipientResult> results, Instant now) throws IOException {
        Objects.requireNonNull(results, "results");
        Instant at = now.truncatedTo(ChronoUnit.MILLIS);
        Lease mine = leases.remove(id);
        if (mine == null) {
            throw new IllegalStateException(id + " is not leased by " + settings.node());
        }
        Recorded recorded;
        try {
            recorded = database.inTransaction(connection -> record(connection, id, mine, results, at), WORKER_PATIENCE);
        } catch (IllegalArgumentException e) {
            endLease(id, mine);
            throw e;
        }
        if (!recorded.noticeIds().isEmpty()) {
            LOG.info("{}: queued with the attempt: {}", id, recorded.noticeIds());
            workSignal.signal();
        }
        return recorded.mail();
    }

    private Recorded record(Connection connection, QueueId id, Lease mine, List<RecipientResult> results, Instant at)
        throws SQLException, IOException {
        StoredMessage stored = MessageRows.find(connection, id, true).orElseThrow(() -> notQueued(id));
        Optional<Lease> current = stored.lease();
        if (current.filter(mine::isStill).isEmpty()) {
            throw new LeaseLostException(id, mine,
                current.map(lease -> "it is now leased by " + lease.owner() + " (epoch " + lease.epoch() + ")")
                    .orElse("its attempt was recorded by another node"));
        }
        QueuedMail mail = stored.mail();
        AttemptPlanner.Plan plan = planner.plan(mail, stored.delayWarned(), results, at,
            ContentChunks.onConnection(connection, id, mail.size()));
        List<QueueId> noticeIds = new ArrayList<>();
        for (OutgoingMessage notice : plan.notices()) {
            QueueId noticeId = QueueId.generate();
            try (InputStream in = notice.content().openStream()) {
                MessageRows.insert(connection, noticeId, notice.envelope(), in, notice.content().size(), at, Optional.of(id));
            }
            noticeIds.add(noticeId);
        }
        if (plan.mail().isFinished()) {
            MessageRows.delete(connection, id);
        } else {
            MessageRows.update(connection, plan.mail(), plan.delayWarned());
        }
        if (!noticeIds.isEmpty()) {
            WorkNotifications.announce(connection, instance);
        }
        return new Recorded(plan.mail(), noticeIds);
    }

    /** Frees the message for the next lease after an attempt that could not be recorded. */
    private void endLease(QueueId id, Lease mine) {
        try {
            database.inTransaction(connection -> Sql.update(connection,
                "UPDATE messages SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ? AND lease_epoch = ?",
                id.value(), mine.owner(), mine.epoch()));
        } catch (IOException e) {
            LOG.warn("{}: could not end the lease ({}); it times out by itself", id, e.getMessage());
        }
    }

    private static NoSuchElementException notQueued(QueueId id) {
        return new NoSuchElementException(id + " is not queued");
    }

    /** {@inheritDoc} Mail enqueued or made due by any node wakes it. */
    @Override
    public void awaitWork(Duration timeout) throws InterruptedException {
        workSignal.await(timeout);
    }

    /** {@inheritDoc} Of every node. */
    @Override
    public long size() {
        try {
            return database.inTransaction(connection -> {
                try (PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM messages");
                     ResultSet rows = count.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Listing, flushing, holding, requeueing and deleting the queued mail of every node. */
    public QueueAdministration administration() {
        return administration;
    }

    /** Refuses new enqueues, waits for those already accepted to be written, then closes the connections. */
    @Override
    public void close() {
        writers.close();
        notifications.close();
        database.close();
        LOG.info("Mail queue on {} closed", settings.url());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private record Recorded(QueuedMail mail, List<QueueId> noticeIds) {
    }
}
