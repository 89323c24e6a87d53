package dev.mailserver.queue.postgres;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import dev.mailserver.core.queue.backend.RetryPolicy;

/**
 * How a {@link PostgresMailQueue} connects and behaves. {@link #of} gives the documented defaults for the
 * rest; the {@code with...} methods change one setting.
 *
 * @param url the JDBC URL, {@code jdbc:postgresql://host:port/database}
 * @param poolSize how many connections the node keeps open at most; also how many enqueues it writes at once
 * @param node this node's name, recorded as the owner of the leases it takes
 * @param retryPolicy when deferred mail is tried again and when it expires
 * @param leaseTimeout how long a delivery attempt may take before another node may take the message over
 * @param delayWarning how long a message waits before its sender is warned of the delay; empty for never
 */
public record PostgresQueueSettings(String url, String user, String password, int poolSize, String node,
                                    RetryPolicy retryPolicy, Duration leaseTimeout, Optional<Duration> delayWarning) {
    public static final int DEFAULT_POOL_SIZE = 10;
    public static final Duration DEFAULT_LEASE_TIMEOUT = Duration.ofHours(1);

    public PostgresQueueSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(retryPolicy, "retryPolicy");
        Objects.requireNonNull(leaseTimeout, "leaseTimeout");
        Objects.requireNonNull(delayWarning, "delayWarning");
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database): " + url);
        }
        if (poolSize < 2) {
            throw new IllegalArgumentException("the pool needs at least 2 connections: " + poolSize);
        }
        if (node.isBlank()) {
            throw new IllegalArgumentException("the node needs a name");
        }
        if (leaseTimeout.isNegative() || leaseTimeout.isZero()) {
            throw new IllegalArgumentException("the lease timeout must be positive: " + leaseTimeout);
        }
        if (delayWarning.filter(after -> after.isNegative() || after.isZero()).isPresent()) {
            throw new IllegalArgumentException("the delay warning time must be positive: " + delayWarning);
        }
    }

    /** Pools of {@value #DEFAULT_POOL_SIZE} connections, the host name as node name, leases of 1 hour, no delay warning. */
    public static PostgresQueueSettings of(String url, String user, String password, RetryPolicy retryPolicy) {
        return new PostgresQueueSettings(url, user, password, DEFAULT_POOL_SIZE, NodeName.local(), retryPolicy,
            DEFAULT_LEASE_TIMEOUT, Optional.empty());
    }

    public PostgresQueueSettings withPoolSize(int value) {
        return new PostgresQueueSettings(url, user, password, value, node, retryPolicy, leaseTimeout, delayWarning);
    }

    public PostgresQueueSettings withNode(String value) {
        return new PostgresQueueSettings(url, user, password, poolSize, value, retryPolicy, leaseTimeout, delayWarning);
    }

    public PostgresQueueSettings withLeaseTimeout(Duration value) {
        return new PostgresQueueSettings(url, user, password, poolSize, node, retryPolicy, value, delayWarning);
    }

    public PostgresQueueSettings withDelayWarning(Duration value) {
        return new PostgresQueueSettings(url, user, password, poolSize, node, retryPolicy, leaseTimeout, Optional.of(value));
    }

    /** Without the password, so that it can be logged. */
    @Override
    public String toString() {
        return "PostgresQueueSettings[url=" + url + ", user=" + user + ", poolSize=" + poolSize + ", node=" + node
            + ", leaseTimeout=" + leaseTimeout + ", delayWarning=" + delayWarning + "]";
    }
}
