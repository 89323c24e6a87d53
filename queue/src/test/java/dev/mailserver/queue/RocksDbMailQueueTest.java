package dev.mailserver.queue;

import static dev.mailserver.queue.TestMail.BOB;
import static dev.mailserver.queue.TestMail.CAROL;
import static dev.mailserver.queue.TestMail.content;
import static dev.mailserver.queue.TestMail.envelopeTo;
import static dev.mailserver.queue.TestMail.randomBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.apache.james.core.MaybeSender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.core.DeliveryResult;
import dev.mailserver.core.Envelope;
import dev.mailserver.core.MessageContent;
import dev.mailserver.core.QueueId;
import dev.mailserver.core.testing.MutableClock;
import dev.mailserver.core.queue.QueuedMail;
import dev.mailserver.core.queue.RecipientResult;
import dev.mailserver.core.queue.RecipientState;
import dev.mailserver.core.queue.RecipientStatus;

class RocksDbMailQueueTest {
    private static final Instant START = Instant.parse("2025-03-01T10:00:00Z");
    private static final Duration WAIT_LIMIT = Duration.ofSeconds(30);
    private static final DeliveryResult MAILBOX_FULL = DeliveryResult.temporaryFailure("4.2.2", "mailbox full");

    @TempDir
    Path directory;

    private final MutableClock clock = new MutableClock(START);
    private RocksDbMailQueue queue;

    @BeforeEach
    void open() throws IOException {
        queue = RocksDbMailQueue.open(directory, clock);
    }

    @AfterEach
    void close() {
        queue.close();
    }

    private void reopen() throws IOException {
        queue.close();
        open();
    }

    private QueueId enqueue(Envelope envelope, MessageContent content) throws Exception {
        QueueId id = QueueId.generate();
        queue.enqueue(id, envelope, content).get(WAIT_LIMIT.toSeconds(), TimeUnit.SECONDS);
        return id;
    }

    private QueuedMail leaseOnly(Instant now) {
        List<QueuedMail> leased = queue.leaseDue(now, 10);
        assertThat(leased).hasSize(1);
        return leased.get(0);
    }

    private byte[] storedContent(QueueId id) throws IOException {
        try (InputStream in = queue.content(id).openStream()) {
            return in.readAllBytes();
        }
    }

    private static void assertSameBytes(byte[] actual, byte[] expected) {
        assertThat(actual).hasSize(expected.length);
        assertThat(Arrays.mismatch(actual, expected)).as("index of the first differing byte").isEqualTo(-1);
    }

    @Nested
    class Durability {
        @Test
        void aSmallMessageSurvivesAReopen() throws Exception {
            Envelope envelope = new Envelope(MaybeSender.nullSender(), List.of(BOB, CAROL));
            String text = "Subject: hi\r\n\r\nHello\r\n";
            QueueId id = enqueue(envelope, content(text));

            reopen();

            QueuedMail mail = leaseOnly(START);
            assertThat(mail.id()).isEqualTo(id);
            assertThat(mail.sender()).isEqualTo(envelope.sender());
            assertThat(mail.recipients()).containsExactly(RecipientState.pending(BOB), RecipientState.pending(CAROL));
            assertThat(mail.arrivedAt()).isEqualTo(START);
            assertThat(mail.attempts()).isZero();
            assertThat(queue.content(id).size()).isEqualTo(mail.size()).isEqualTo(text.length());
            assertThat(storedContent(id)).asString().isEqualTo(text);
        }

        @Test
        void aTenMebibyteMessageSurvivesAReopenByteForByte() throws Exception {
            byte[] body = randomBytes(10 * 1024 * 1024 + 7);
            QueueId id = enqueue(envelopeTo(BOB), content(body));

            reopen();

            assertThat(leaseOnly(START).size()).isEqualTo(body.length);
            assertSameBytes(storedContent(id), body);
            assertSameBytes(storedContent(id), body);
        }

        @Test
        void anEmptyMessageIsStoredAndRemoved() throws Exception {
            QueueId id = enqueue(envelopeTo(BOB), content(new byte[0]));
            reopen();

            assertThat(storedContent(id)).isEmpty();
            queue.recordAttempt(leaseOnly(START).id(), List.of(new RecipientResult(BOB, DeliveryResult.delivered("ok"))), START);

            assertThat(queue.size()).isZero();
        }

        @Test
        void sixtyFourConcurrentEnqueuesAreAllStored() throws Exception {
            int count = 64;
            ExecutorService senders = Executors.newFixedThreadPool(count);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<CompletableFuture<QueueId>> enqueued = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    byte[] body = randomBytes(1000 + i);
                    enqueued.add(CompletableFuture.supplyAsync(() -> {
                        QueueId id = QueueId.generate();
                        awaitQuietly(start);
                        queue.enqueue(id, envelopeTo(BOB), content(body)).join();
                        return id;
                    }, senders));
                }
                start.countDown();
                List<QueueId> ids = new ArrayList<>();
                for (CompletableFuture<QueueId> future : enqueued) {
                    ids.add(future.get(WAIT_LIMIT.toSeconds(), TimeUnit.SECONDS));
                }

                reopen();

                assertThat(queue.size()).isEqualTo(count);
                assertThat(queue.leaseDue(START, 1000)).extracting(QueuedMail::id).containsExactlyInAnyOrderElementsOf(ids);
            } finally {
                senders.shutdownNow();
            }
        }

        @Test
        void aFailedContentStreamLeavesNothingStored() throws Exception {
            QueueId id = QueueId.generate();
            MessageContent broken = new MessageContent() {
                @Override
                public long size() {
                    return 3L * SpoolLayout.CHUNK_SIZE;
                }

                @Override
                public InputStream openStream() {
                    return new SequenceInputStream(new ByteArrayInputStream(randomBytes(2 * SpoolLayout.CHUNK_SIZE)),
                        new InputStream() {
                            @Override
                            public int read() throws IOException {
                                throw new IOException("client went away");
                            }
                        });
                }
            };

            assertThat(queue.enqueue(id, envelopeTo(BOB), broken)).failsWithin(WAIT_LIMIT)
                .withThrowableOfType(ExecutionException.class).withCauseInstanceOf(IOException.class);

            assertThat(queue.size()).isZero();
            assertThat(queue.leaseDue(START, 10)).isEmpty();
            assertThatThrownBy(() -> queue.content(id)).isInstanceOf(NoSuchElementException.class);
            assertThat(queue.enqueue(id, envelopeTo(BOB), content("retry"))).succeedsWithin(WAIT_LIMIT);
        }

        @Test
        void aDuplicateIdIsRejected() throws Exception {
            QueueId id = enqueue(envelopeTo(BOB), content("first"));

            assertThat(queue.enqueue(id, envelopeTo(CAROL), content("second"))).failsWithin(WAIT_LIMIT)
                .withThrowableOfType(ExecutionException.class).withCauseInstanceOf(IllegalArgumentException.class);
            assertThat(storedContent(id)).asString().isEqualTo("first");
            assertThat(queue.size()).isEqualTo(1);
        }

        @Test
        void closeWaitsForAcceptedEnqueues() throws Exception {
            byte[] body = randomBytes(4 * SpoolLayout.CHUNK_SIZE);
            QueueId id = QueueId.generate();
            CompletableFuture<Void> stored = queue.enqueue(id, envelopeTo(BOB), content(body));

            queue.close();

            assertThat(stored).isCompleted().isNotCompletedExceptionally();
            open();
            assertSameBytes(storedContent(id), body);
        }

        @Test
        void enqueueFailsOnceClosed() {
            queue.close();

            assertThat(queue.enqueue(QueueId.generate(), envelopeTo(BOB), content("late"))).failsWithin(WAIT_LIMIT)
                .withThrowableOfType(ExecutionException.class).withCauseInstanceOf(IllegalStateException.class);
        }
    }

    @Nested
    class Leasing {
        @Test
        void aLeasedMessageIsNotLeasedAgainUntilItsAttemptIsRecorded() throws Exception {
            QueueId id = enqueue(envelopeTo(BOB), content("hello"));
            leaseOnly(START);

            assertThat(queue.leaseDue(START, 10)).isEmpty();

            queue.recordAttempt(id, List.of(new RecipientResult(BOB, MAILBOX_FULL)), START);
            assertThat(leaseOnly(START.plus(Duration.ofMinutes(1))).id()).isEqualTo(id);
        }

        @Test
        void dueMailIsLeasedOldestFirstUpToTheLimit() throws Exception {
            List<QueueId> ids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ids.add(enqueue(envelopeTo(BOB), content("message " + i)));
                clock.advance(Duration.ofSeconds(1));
            }

            assertThat(queue.leaseDue(clock.instant(), 2)).extracting(QueuedMail::id).containsExactly(ids.get(0), ids.get(1));
            assertThat(queue.leaseDue(clock.instant(), 2)).extracting(QueuedMail::id).containsExactly(ids.get(2));
        }

        @Test
        void mailIsNotLeasedBeforeItArrives() throws Exception {
            enqueue(envelopeTo(BOB), content("hello"));

            assertThat(queue.leaseDue(START.minusMillis(1), 10)).isEmpty();
        }

        @Test
        void recordingAnAttemptNeedsALease() throws Exception {
            QueueId id = enqueue(envelopeTo(BOB), content("hello"));

            assertThatThrownBy(() -> queue.recordAttempt(id, List.of(), START)).isInstanceOf(IllegalStateException.class);
        }

        @Test
        void theLeaseEndsEvenWhenRecordingFails() throws Exception {
            QueueId id = enqueue(envelopeTo(BOB), content("hello"));
            leaseOnly(START);

            assertThatThrownBy(() -> queue.recordAttempt(id, List.of(new RecipientResult(CAROL, MAILBOX_FULL)), START))
                .isInstanceOf(IllegalArgumentException.class);

            QueuedMail again = leaseOnly(START);
            assertThat(again.attempts()).isZero();
        }

        @Test
        void awaitWorkReturnsWhenMailIsEnqueued() throws Exception {
            CompletableFuture<Void> waiter = awaitingWork(Duration.ofMinutes(10));

            enqueue(envelopeTo(BOB), content("hello"));

            assertThat(waiter).succeedsWithin(WAIT_LIMIT);
        }

        @Test
        void awaitWorkReturnsAtOnceForMailEnqueuedBeforeTheWait() throws Exception {
            enqueue(envelopeTo(BOB), content("hello"));

            assertThat(awaitingWork(Duration.ofMinutes(10))).succeedsWithin(WAIT_LIMIT);
        }

        @Test
        void awaitWorkReturnsAfterTheTimeoutWhenNothingIsEnqueued() {
            assertThat(awaitingWork(Duration.ofMillis(20))).succeedsWithin(WAIT_LIMIT);
        }

        private CompletableFuture<Void> awaitingWork(Duration timeout) {
            return CompletableFuture.runAsync(() -> {
                try {
                    queue.awaitWork(timeout);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
    }

    @Nested
    class Attempts {
        @Test
        void temporaryFailuresAreRetriedPerTheSchedule() throws Exception {
            QueueId id = enqueue(envelopeTo(BOB), content("hello"));
            leaseOnly(START);

            QueuedMail afterFirst = queue.recordAttempt(id, List.of(new RecipientResult(BOB, MAILBOX_FULL)), START);

            assertThat(afterFirst.attempts()).isEqualTo(1);
            assertThat(afterFirst.nextAttemptAt()).isEqualTo(START.plus(Duration.ofMinutes(1)));
            assertThat(afterFirst.recipients()).containsExactly(new RecipientState(BOB, RecipientStatus.PENDING, "4.2.2 mailbox full"));
            assertThat(queue.leaseDue(START.plusSeconds(59), 10)).isEmpty();

            Instant second = START.plus(Duration.ofMinutes(1));
            assertThat(leaseOnly(second)).isEqualTo(afterFirst);
            QueuedMail afterSecond = queue.recordAttempt(id, List.of(new RecipientResult(BOB, MAILBOX_FULL)), second);

            assertThat(afterSecond.nextAttemptAt()).isEqualTo(second.plus(Duration.ofMinutes(5)));
            assertThat(queue.size()).isEqualTo(1);
        }

        @Test
        void aDeliveredRecipientIsNotPendingAgainEvenAfterAReopen() throws Exception {
            QueueId id = enqueue(envelopeTo(BOB, CAROL), content("hello"));
            leaseOnly(START);

            QueuedMail after = queue.recordAttempt(id, List.of(
                new RecipientResult(BOB, DeliveryResult.delivered("250 ok")),
                new RecipientResult(CAROL, MAILBOX_FULL)), START);
            assertThat(after.pendingRecipients()).containsExactly(CAROL);

            reopen();

            QueuedMail retried = leaseOnly(after.nextAttemptAt());
            assertThat(retried.pendingRecipients()).containsExactly(CAROL);
            assertThat(retried.recipients()).contains(new RecipientState(BOB, RecipientStatus.DELIVERED, "2.0.0 250 ok"));
        }

        @Test
        void aMessageLeavesTheQueueWhenEveryRecipientIsFinal() throws Exception {
            QueueId id = enqueue(envelopeTo(BOB, CAROL), content(randomBytes(3 * SpoolLayout.CHUNK_SIZE)));
            MessageContent stored = queue.content(id);
            leaseOnly(START);

            QueuedMail after = queue.recordAttempt(id, List.of(
                new RecipientResult(BOB, DeliveryResult.delivered("250 ok")),
                new RecipientResult(CAROL, DeliveryResult.permanentFailure("5.1.1", "no such user"))), START);

            assertThat(after.isFinished()).isTrue();
            assertThat(after.recipients()).extracting(RecipientState::status)
                .containsExactly(RecipientStatus.DELIVERED, RecipientStatus.FAILED);
            assertThat(queue.size()).isZero();
            assertThat(queue.leaseDue(START.plus(Duration.ofDays(30)), 10)).isEmpty();
            assertThatThrownBy(() -> queue.content(id)).isInstanceOf(NoSuchElementException.class);
            assertThatThrownBy(() -> stored.openStream().read()).isInstanceOf(IOException.class);
        }

        @Test
        void pendingRecipientsFailWhenTheMessageOutlivesItsLifetime() throws Exception {
            QueueId id = enqueue(envelopeTo(BOB), content("hello"));
            leaseOnly(START);
            queue.recordAttempt(id, List.of(new RecipientResult(BOB, MAILBOX_FULL)), START);

            Instant expiry = START.plus(Duration.ofDays(5));
            leaseOnly(expiry);
            QueuedMail after = queue.recordAttempt(id,
                List.of(new RecipientResult(BOB, DeliveryResult.temporaryFailure("4.4.1", "no answer"))), expiry);

            assertThat(after.recipients()).containsExactly(new RecipientState(BOB, RecipientStatus.FAILED,
                "5.4.7 Delivery time expired after 5d; last result: 4.4.1 no answer"));
            assertThat(queue.size()).isZero();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(WAIT_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("the start signal never came");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
