package dev.mailserver.queue.postgres;

import static dev.mailserver.core.testing.TestMail.BOB;
import static dev.mailserver.core.testing.TestMail.content;
import static dev.mailserver.core.testing.TestMail.envelopeTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mailserver.core.DeliveryResult;
import dev.mailserver.core.MessageContent;
import dev.mailserver.core.QueueId;
import dev.mailserver.core.queue.BounceComposer;
import dev.mailserver.core.queue.QueuedMail;
import dev.mailserver.core.queue.RecipientResult;
import dev.mailserver.core.testing.MutableClock;
import dev.mailserver.queue.postgres.testing.TestDatabase;

/**
 * More work than pooled connections, as with 100 delivery workers on 10 connections: an attempt is still
 * recorded once a connection is free, instead of failing and leaving its message leased until the lease times
 * out, and a delivery still reads its content, instead of being deferred.
 */
class BusyPoolTest {
    private static final Instant START = Instant.parse("2025-03-01T10:00:00Z");
    private static final Duration WAIT_LIMIT = Duration.ofSeconds(90);

    private TestDatabase database;
    private PostgresMailQueue queue;

    @BeforeEach
    void open() throws Exception {
        database = TestDatabase.create();
        queue = PostgresMailQueue.open(database.settings(TestRetries.FIVE_DAYS, "node-a").withPoolSize(2), new MutableClock(START),
            BounceComposer.NONE);
    }

    @AfterEach
    void close() throws Exception {
        if (queue != null) {
            queue.close();
        }
        if (database != null) {
            database.drop();
        }
    }

    @Test
    void anAttemptWaitsForABusyPoolLongerThanOneConnectionTimeoutAndIsRecorded() throws Exception {
        QueueId id = QueueId.generate();
        queue.enqueue(id, envelopeTo(BOB), content("Subject: test\r\n\r\nbody\r\n")).get(WAIT_LIMIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(queue.leaseDue(START, 10)).extracting(QueuedMail::id).containsExactly(id);

        QueuedMail recorded = whilePoolIsBusy(() ->
            queue.recordAttempt(id, List.of(new RecipientResult(BOB, DeliveryResult.delivered("250 ok"))), START));

        assertThat(recorded.isFinished()).isTrue();
        assertThat(queue.find(id)).isEmpty();
    }

    @Test
    void aDeliveryReadingContentWaitsForABusyPoolInsteadOfFailing() throws Exception {
        QueueId id = QueueId.generate();
        queue.enqueue(id, envelopeTo(BOB), content("Subject: test\r\n\r\nbody\r\n")).get(WAIT_LIMIT.toSeconds(), TimeUnit.SECONDS);

        byte[] read = whilePoolIsBusy(() -> {
            try (InputStream in = queue.content(id).openStream()) {
                return in.readAllBytes();
            }
        });

        assertThat(new String(read, StandardCharsets.US_ASCII)).isEqualTo("Subject: test\r\n\r\nbody\r\n");
    }

    /**
     * Runs {@code work} while two slow enqueues hold both pooled connections for longer than one connection
     * timeout, checks that it is still waiting then, frees the pool and returns what it returned.
     */
    private <T> T whilePoolIsBusy(Callable<T> work) throws Exception {
        CountDownLatch reading = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        List<CompletableFuture<Void>> slowEnqueues = List.of(slowEnqueue(reading, release), slowEnqueue(reading, release));
        assertThat(reading.await(WAIT_LIMIT.toSeconds(), TimeUnit.SECONDS)).as("both connections busy").isTrue();

        CompletableFuture<T> done = CompletableFuture.supplyAsync(() -> {
            try {
                return work.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(Database.CONNECTION_TIMEOUT.plusSeconds(2).toMillis());
        assertThat(done).as("still waiting for a connection").isNotDone();
        release.countDown();

        T result = done.get(WAIT_LIMIT.toSeconds(), TimeUnit.SECONDS);
        CompletableFuture.allOf(slowEnqueues.toArray(CompletableFuture[]::new)).get(WAIT_LIMIT.toSeconds(), TimeUnit.SECONDS);
        return result;
    }

    /** An enqueue that holds its pooled connection while its content waits for {@code release}. */
    private CompletableFuture<Void> slowEnqueue(CountDownLatch reading, CountDownLatch release) {
        byte[] header = "Subject: slow\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        MessageContent slow = new MessageContent() {
            @Override
            public long size() {
                return header.length + 1;
            }

            @Override
            public InputStream openStream() {
                reading.countDown();
                InputStream waiting = new InputStream() {
                    private boolean done;

                    @Override
                    public int read() {
                        if (done) {
                            return -1;
                        }
                        try {
                            release.await(WAIT_LIMIT.toSeconds(), TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        done = true;
                        return 'x';
                    }
                };
                return new SequenceInputStream(new ByteArrayInputStream(header), waiting);
            }
        };
        return queue.enqueue(QueueId.generate(), envelopeTo(BOB), slow);
    }
}
