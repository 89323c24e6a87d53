package dev.mailserver.app.config;

import java.util.Objects;

/**
 * The shared queue on PostgreSQL ({@code mailserver.queue.backend = postgresql}): where the database is
 * and how many connections this node keeps to it.
 */
public record PostgresQueueConfig(String url, String user, String password, int poolSize) {
    public PostgresQueueConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
    }

    /** Without the password, so that it can be logged. */
    @Override
    public String toString() {
        return "PostgresQueueConfig[url=" + url + ", user=" + user + ", poolSize=" + poolSize + "]";
    }
}
