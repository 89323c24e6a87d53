package dev.mailserver.queue.postgres;

import static dev.mailserver.core.testing.TestMail.BOB;
import static dev.mailserver.core.testing.TestMail.content;
import static dev.mailserver.core.testing.TestMail.envelopeTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mailserver.core.DeliveryResult;
import dev.mailserver.core.QueueId;
import dev.mailserver.core.queue.BounceComposer;
import dev.mailserver.core.queue.QueueStorageException;
import dev.mailserver.core.queue.QueuedMail;
import dev.mailserver.core.queue.RecipientResult;
import dev.mailserver.core.testing.Await;
import dev.mailserver.queue.postgres.testing.TestDatabase;

/**
 * PostgreSQL stopped under a running queue and started again: while it is down enqueues fail with a plain
 * IOException (an SMTP server answers 451 4.3.0, not 452: nothing is full), leasing finds nothing and an
 * attempt cannot be recorded; once it is back the pool reconnects by itself and nothing acknowledged is lost.
 */
class DatabaseRestartTest {
    private static final Duration WAIT_LIMIT = Duration.ofSeconds(30);
    private static final Duration RECONNECT_LIMIT = Duration.ofSeconds(60);

    private TestDatabase database;
    private PostgresMailQueue queue;
    private boolean stopped;

    @BeforeEach
    void open() throws Exception {
        TestDatabase.assumeRestartable();
        database = TestDatabase.create();
        queue = PostgresMailQueue.open(database.settings(TestRetries.FIVE_DAYS, "node-a"), Clock.systemUTC(), BounceComposer.NONE);
    }

    @AfterEach
    void close() throws Exception {
        if (stopped) {
            TestDatabase.startServer();
        }
        if (queue != null) {
            queue.close();
        }
        if (database != null) {
            database.drop();
        }
    }

    @Test
    void acknowledgedMailSurvivesARestartAndTheQueueReconnects() throws Exception {
        List<QueueId> acknowledged = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            acknowledged.add(enqueue("before " + i));
        }
        QueueId leasedBefore = acknowledged.get(0);
        assertThat(queue.leaseDue(Instant.now(), 1)).extracting(QueuedMail::id).containsExactly(leasedBefore);

        TestDatabase.stopServer();
        stopped = true;

        assertThat(queue.enqueue(QueueId.generate(), envelopeTo(BOB), content("while down"))).failsWithin(WAIT_LIMIT)
            .withThrowableOfType(ExecutionException.class)
            .satisfies(failure -> assertThat(failure.getCause()).isInstanceOf(IOException.class)
                .isNotInstanceOf(QueueStorageException.class).hasMessageContaining("queue database"));
        assertThat(queue.leaseDue(Instant.now(), 10)).as("nothing can be leased").isEmpty();
        assertThat(recording(leasedBefore)).as("an attempt cannot be recorded").isInstanceOf(IOException.class);

        TestDatabase.startServer();
        stopped = false;

        acknowledged.add(enqueueOnceReconnected());
        List<QueuedMail> due = queue.leaseDue(Instant.now(), 100);
        assertThat(due).extracting(QueuedMail::id).as("every acknowledged message but the one still leased")
            .containsExactlyInAnyOrderElementsOf(acknowledged.subList(1, acknowledged.size()));
        assertThat(queue.size()).isEqualTo(acknowledged.size());
    }

    private QueueId enqueue(String text) throws Exception {
        QueueId id = QueueId.generate();
        queue.enqueue(id, envelopeTo(BOB), content(text)).get(WAIT_LIMIT.toSeconds(), TimeUnit.SECONDS);
        return id;
    }

    private Throwable recording(QueueId id) {
        try {
            queue.recordAttempt(id, List.of(new RecipientResult(BOB, DeliveryResult.delivered("250 ok"))), Instant.now());
            return null;
        } catch (IOException | RuntimeException e) {
            return e;
        }
    }

    /** The first enqueues after the restart may still meet a pooled connection the restart broke. */
    private QueueId enqueueOnceReconnected() throws Exception {
        Optional<QueueId> stored = Await.value(this::tryEnqueue, Optional::isPresent, RECONNECT_LIMIT);
        return stored.orElseThrow(() -> new AssertionError("no enqueue succeeded within " + RECONNECT_LIMIT + " of the restart"));
    }

    private Optional<QueueId> tryEnqueue() throws Exception {
        try {
            return Optional.of(enqueue("after the restart"));
        } catch (ExecutionException e) {
            return Optional.empty();
        }
    }
}
