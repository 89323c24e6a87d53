package dev.mailserver.queue;

import static dev.mailserver.core.testing.TestMail.ALICE;
import static dev.mailserver.core.testing.TestMail.BOB;
import static dev.mailserver.core.testing.TestMail.CAROL;
import static dev.mailserver.core.testing.TestMail.content;
import static dev.mailserver.core.testing.TestMail.envelopeTo;
import static dev.mailserver.core.testing.TestMail.randomBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.core.DeliveryResult;
import dev.mailserver.core.Envelope;
import dev.mailserver.core.MessageContent;
import dev.mailserver.core.QueueId;
import dev.mailserver.core.queue.QueueFilter;
import dev.mailserver.core.queue.QueueStorageException;
import dev.mailserver.core.queue.QueuedMail;
import dev.mailserver.core.queue.RecipientResult;
import dev.mailserver.core.queue.backend.WriterPool;
import dev.mailserver.core.testing.MutableClock;
import dev.mailserver.core.testing.TestBounceComposer;

/** What the RocksDB queue does beyond the contract: large content, its settings, its failure modes. */
class RocksDbMailQueueTest {
    private static final Instant START = Instant.parse("2025-03-01T10:00:00Z");
    private static final Duration WAIT_LIMIT = Duration.ofSeconds(30);
    private static final DeliveryResult MAILBOX_FULL = DeliveryResult.temporaryFailure("4.2.2", "mailbox full");

    @TempDir
    Path directory;

    private final MutableClock clock = new MutableClock(START);
    private final TestBounceComposer bounces = new TestBounceComposer();
    private QueueSettings settings = QueueSettings.defaults();
    private RocksDbMailQueue queue;

    @BeforeEach
    void open() throws IOException {
        queue = RocksDbMailQueue.open(directory, clock, settings, bounces);
    }

    @AfterEach
    void close() {
        queue.close();
    }

    private void reopenWith(QueueSettings changed) throws IOException {
        queue.close();
        settings = changed;
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

    /** The delivery engine records attempts on virtual threads; their synced records are written by the queue's writer threads. */
    @Nested
    class AttemptsRecordedOnVirtualThreads {
        @Test
        void aSyncedRecordIsWrittenAndItsRefusalsComeBackAsOnAPlatformThread() throws Exception {
            QueueId delivered = enqueue(envelopeTo(BOB), content("delivered"));
            QueueId deferred = enqueue(envelopeTo(BOB), content("deferred"));
            List<QueuedMail> leased = queue.leaseDue(START, 10);
            assertThat(leased).extracting(QueuedMail::id).containsExactlyInAnyOrder(delivered, deferred);

            List<Object> outcomes = onVirtualThread(
                () -> queue.recordAttempt(delivered, List.of(new RecipientResult(BOB, DeliveryResult.delivered("250 ok"))), START),
                () -> queue.recordAttempt(deferred, List.of(new RecipientResult(CAROL, MAILBOX_FULL)), START),
                () -> queue.recordAttempt(deferred, List.of(new RecipientResult(BOB, MAILBOX_FULL)), START));

            assertThat(outcomes.get(0)).isInstanceOfSatisfying(QueuedMail.class, mail -> assertThat(mail.isFinished()).isTrue());
            assertThat(outcomes.get(1)).as("a recipient the message does not have").isInstanceOf(IllegalArgumentException.class);
            assertThat(outcomes.get(2)).as("the lease ended with the refused record").isInstanceOf(IllegalStateException.class);
            reopenWith(settings);
            assertThat(queue.leaseDue(START.plus(Duration.ofDays(1)), 10)).extracting(QueuedMail::id).containsExactly(deferred);
        }

        /** Runs each record on a virtual thread of its own, one after another: what it returned, or what it threw. */
        private List<Object> onVirtualThread(Record... records) throws InterruptedException {
            List<Object> outcomes = new ArrayList<>();
            for (Record record : records) {
                Thread thread = Thread.ofVirtual().start(() -> {
                    try {
                        outcomes.add(record.run());
                    } catch (Exception e) {
                        outcomes.add(e);
                    }
                });
                assertThat(thread.join(WAIT_LIMIT)).as("the record returned").isTrue();
            }
            return outcomes;
        }
    }

    /** One attempt's record. */
    @FunctionalInterface
    private interface Record {
        QueuedMail run() throws Exception;
    }

    @Nested
    class DueIndex {
        @Test
        void mailEnqueuedInTheMillisecondOfAnEmptyScanIsStillLeased() throws Exception {
            assertThat(queue.leaseDue(START, 10)).isEmpty();

            QueueId id = enqueue(envelopeTo(BOB), content("same millisecond"));

            assertThat(leaseOnly(START).id()).isEqualTo(id);
        }

        @Test
        void aRetryIsFoundBehindTheMailDeliveredSince() throws Exception {
            QueueId deferred = enqueue(envelopeTo(BOB), content("deferred"));
            queue.recordAttempt(leaseOnly(START).id(), List.of(new RecipientResult(BOB, MAILBOX_FULL)), START);
            for (int i = 0; i < 50; i++) {
                enqueue(envelopeTo(BOB), content("delivered " + i));
                queue.recordAttempt(leaseOnly(START).id(), List.of(new RecipientResult(BOB, DeliveryResult.delivered("ok"))), START);
            }

            assertThat(leaseOnly(START.plus(Duration.ofDays(1))).id()).isEqualTo(deferred);
        }

        @Test
        void withManyLeasedAFurtherLeaseReturnsTheNextDue() throws Exception {
            List<QueueId> ids = new ArrayList<>();
            for (int i = 0; i < 250; i++) {
                ids.add(enqueue(envelopeTo(BOB), content("message " + i)));
            }
            List<QueueId> byDue = ids.stream().sorted(Comparator.comparing(QueueId::value)).toList();
            List<QueueId> leased = new ArrayList<>();
            for (int batch = 0; batch < 8; batch++) {
                leased.addAll(queue.leaseDue(START, 25).stream().map(QueuedMail::id).toList());
            }
            assertThat(leased).containsExactlyElementsOf(byDue.subList(0, 200));

            queue.recordAttempt(byDue.get(3), List.of(new RecipientResult(BOB, DeliveryResult.delivered("ok"))), START);
            queue.recordAttempt(byDue.get(4), List.of(new RecipientResult(BOB, MAILBOX_FULL)), START);
            assertThat(queue.leaseDue(START, 25)).extracting(QueuedMail::id).containsExactlyElementsOf(byDue.subList(200, 225));

            assertThatThrownBy(() -> queue.recordAttempt(byDue.get(7), List.of(new RecipientResult(CAROL, MAILBOX_FULL)), START))
                .isInstanceOf(IllegalArgumentException.class);
            List<QueueId> expected = new ArrayList<>(List.of(byDue.get(7)));
            expected.addAll(byDue.subList(225, 250));
            assertThat(queue.leaseDue(START, 100)).extracting(QueuedMail::id).containsExactlyElementsOf(expected);
            assertThat(queue.leaseDue(START, 100)).isEmpty();
        }

        @Test
        void aMessageLeasedWhenTheQueueClosedWithoutItsAttemptIsDueAfterTheReopen() throws Exception {
            QueueId first = enqueue(envelopeTo(BOB), content("leased"));
            clock.advance(Duration.ofSeconds(1));
            QueueId second = enqueue(envelopeTo(BOB), content("leased too"));
            assertThat(queue.leaseDue(clock.instant(), 10)).extracting(QueuedMail::id).containsExactly(first, second);
            assertThat(queue.leaseDue(clock.instant(), 10)).isEmpty();

            reopenWith(settings);

            assertThat(queue.leaseDue(clock.instant(), 10)).extracting(QueuedMail::id).containsExactly(first, second);
        }

        @Test
        void aMessageFlushedWhileLeasedAheadOfItsRetryIsLeasedOnceTheLeaseEnds() throws Exception {
            QueueId id = enqueue(envelopeTo(BOB), content("deferred"));
            Instant retry = queue.recordAttempt(leaseOnly(START).id(), List.of(new RecipientResult(BOB, MAILBOX_FULL)), START)
                .nextAttemptAt();
            leaseOnly(retry);
            assertThat(queue.administration().flush(QueueFilter.ALL)).containsExactly(id);
            assertThat(queue.leaseDue(retry, 10)).isEmpty();

            assertThatThrownBy(() -> queue.recordAttempt(id, List.of(new RecipientResult(CAROL, MAILBOX_FULL)), retry))
                .isInstanceOf(IllegalArgumentException.class);

            assertThat(leaseOnly(retry).id()).isEqualTo(id);
        }

        @Test
        void aFlushOfMoreMessagesThanOneWriteTakesMakesEachDueAtOnce() throws Exception {
            List<QueueId> ids = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                ids.add(enqueue(envelopeTo(BOB), content("deferred " + i)));
            }
            for (QueuedMail mail : queue.leaseDue(START, 300)) {
                queue.recordAttempt(mail.id(), List.of(new RecipientResult(BOB, MAILBOX_FULL)), START);
            }
            assertThat(queue.leaseDue(START, 300)).isEmpty();

            assertThat(queue.administration().flush(QueueFilter.ALL)).containsExactlyInAnyOrderElementsOf(ids);

            assertThat(queue.leaseDue(START, 400)).extracting(QueuedMail::id).containsExactlyInAnyOrderElementsOf(ids);
        }

        @Test
        void aLeaseThatTimedOutAfterScansPassedItIsLeasedAgain() throws Exception {
            reopenWith(settings.withLeaseTimeout(Duration.ofMinutes(10)));
            QueueId id = enqueue(envelopeTo(BOB), content("hello"));
            leaseOnly(START);
            enqueue(envelopeTo(BOB), content("behind it"));
            leaseOnly(START.plusSeconds(1));
            assertThat(queue.leaseDue(START.plusSeconds(2), 10)).isEmpty();

            assertThat(leaseOnly(START.plus(Duration.ofMinutes(10))).id()).isEqualTo(id);
        }
    }

    @Nested
    class Content {
        @Test
        void aTenMebibyteMessageSurvivesAReopenByteForByte() throws Exception {
            byte[] body = randomBytes(10 * 1024 * 1024 + 7);
            QueueId id = enqueue(envelopeTo(BOB), MessageContent.ofBytes(body));

            reopenWith(settings);

            assertThat(leaseOnly(START).size()).isEqualTo(body.length);
            assertSameBytes(storedContent(id), body);
            assertSameBytes(storedContent(id), body);
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
        void contentOpenedBeforeTheMessageLeftCannotBeReadAfterwards() throws Exception {
            QueueId id = enqueue(envelopeTo(BOB), MessageContent.ofBytes(randomBytes(3 * SpoolLayout.CHUNK_SIZE)));
            MessageContent stored = queue.content(id);
            leaseOnly(START);

            queue.recordAttempt(id, List.of(new RecipientResult(BOB, DeliveryResult.delivered("250 ok"))), START);

            assertThatThrownBy(() -> stored.openStream().read()).isInstanceOf(IOException.class);
        }

        @Test
        void aDeliveredMessageLeavesNoChunkBehindAndTheOthersKeepTheirs() throws Exception {
            byte[] keptBody = randomBytes(2 * SpoolLayout.CHUNK_SIZE + 5);
            QueueId delivered = enqueue(envelopeTo(BOB), MessageContent.ofBytes(randomBytes(3 * SpoolLayout.CHUNK_SIZE + 1)));
            QueueId kept = enqueue(envelopeTo(BOB), MessageContent.ofBytes(keptBody));
            QueuedMail leased = queue.leaseDue(START, 10).stream().filter(mail -> mail.id().equals(delivered)).findFirst().orElseThrow();

            queue.recordAttempt(leased.id(), List.of(new RecipientResult(BOB, DeliveryResult.delivered("250 ok"))), START);
            queue.close();

            try (RocksSpool spool = RocksSpool.open(directory, QueueSettings.MIN_MEMORY_BYTES, new WriterPool(1, "in " + directory))) {
                for (int index = 0; index <= 4; index++) {
                    assertThat(spool.chunk(delivered, index)).as("chunk %d of the delivered message", index).isNull();
                }
            }
            open();
            assertSameBytes(storedContent(kept), keptBody);
        }
    }

    @Nested
    class Memory {
        @Test
        void withTheSmallestBudgetConcurrentMessagesLargerThanItAreAllStoredByteForByte() throws Exception {
            reopenWith(settings.withMemoryBytes(QueueSettings.MIN_MEMORY_BYTES));
            List<byte[]> bodies = new ArrayList<>();
            List<QueueId> ids = new ArrayList<>();
            List<CompletableFuture<Void>> stored = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                bodies.add(randomBytes((i % 2 == 0 ? 20 : 3) * SpoolLayout.CHUNK_SIZE + i));
                ids.add(QueueId.generate());
                stored.add(queue.enqueue(ids.get(i), envelopeTo(BOB), MessageContent.ofBytes(bodies.get(i))));
            }
            CompletableFuture.allOf(stored.toArray(CompletableFuture[]::new)).get(WAIT_LIMIT.toSeconds(), TimeUnit.SECONDS);

            reopenWith(settings);

            for (int i = 0; i < ids.size(); i++) {
                assertSameBytes(storedContent(ids.get(i)), bodies.get(i));
            }
        }

        @Test
        void aBudgetBelowTheSmallestIsRefused() {
            assertThatThrownBy(() -> settings.withMemoryBytes(QueueSettings.MIN_MEMORY_BYTES - 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("memory");
        }
    }

    @Nested
    class Lifecycle {
        @Test
        void closeWaitsForAcceptedEnqueues() throws Exception {
            byte[] body = randomBytes(4 * SpoolLayout.CHUNK_SIZE);
            QueueId id = QueueId.generate();
            CompletableFuture<Void> stored = queue.enqueue(id, envelopeTo(BOB), MessageContent.ofBytes(body));

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
    class Settings {
        @Test
        void deferredMailFollowsTheRetrySchedule() throws Exception {
            QueueId id = enqueue(envelopeTo(BOB), content("hello"));
            leaseOnly(START);

            QueuedMail afterFirst = queue.recordAttempt(id, List.of(new RecipientResult(BOB, MAILBOX_FULL)), START);
            Instant second = START.plus(Duration.ofMinutes(1));
            assertThat(afterFirst.nextAttemptAt()).isEqualTo(second);

            leaseOnly(second);
            QueuedMail afterSecond = queue.recordAttempt(id, List.of(new RecipientResult(BOB, MAILBOX_FULL)), second);
            assertThat(afterSecond.nextAttemptAt()).isEqualTo(second.plus(Duration.ofMinutes(5)));
        }

        @Test
        void aLeaseThatIsNotEndedTimesOut() throws Exception {
            reopenWith(settings.withLeaseTimeout(Duration.ofMinutes(10)));
            QueueId id = enqueue(envelopeTo(BOB), content("hello"));
            leaseOnly(START);

            assertThat(queue.leaseDue(START.plus(Duration.ofMinutes(10)).minusMillis(1), 10)).isEmpty();
            Instant later = START.plus(Duration.ofMinutes(10));
            assertThat(leaseOnly(later).id()).isEqualTo(id);

            QueuedMail after = queue.recordAttempt(id, List.of(new RecipientResult(BOB, MAILBOX_FULL)), later);
            assertThat(after.attempts()).isEqualTo(1);
        }

        @Test
        void theSenderIsWarnedOnceWhenMailWaitsLongerThanTheDelayWarningTime() throws Exception {
            reopenWith(settings.withDelayWarning(Duration.ofHours(4)));
            QueueId id = enqueue(envelopeTo(BOB), content("hello"));
            Instant next = START;
            for (int attempt = 0; attempt < 8; attempt++) {
                leaseOnly(next);
                next = queue.recordAttempt(id, List.of(new RecipientResult(BOB, MAILBOX_FULL)), next).nextAttemptAt();
            }
            assertThat(next).isAfter(START.plus(Duration.ofHours(4)));
            reopenWith(settings);

            List<QueueId> warnings = queue.administration().list(QueueFilter.ALL.withRecipient(ALICE), 10).stream()
                .map(entry -> entry.mail().id()).toList();
            assertThat(warnings).hasSize(1);
            assertThat(new String(storedContent(warnings.get(0)))).startsWith(TestBounceComposer.DELAY_SUBJECT)
                .contains(BOB.asString() + ": 4.2.2 mailbox full");
        }
    }

    @Nested
    class Storage {
        @Test
        void mailThatWouldLeaveLessThanTheReservedSpaceIsRefusedAndTheQueueGoesOn() throws Exception {
            QueueId before = enqueue(envelopeTo(BOB), content("stored before"));
            long free = Files.getFileStore(directory).getUsableSpace();
            reopenWith(settings.withMinFreeBytes(free + 1024L * 1024 * 1024));

            assertThat(queue.enqueue(QueueId.generate(), envelopeTo(BOB), content("refused"))).failsWithin(WAIT_LIMIT)
                .withThrowableOfType(ExecutionException.class).withCauseInstanceOf(QueueStorageException.class)
                .withMessageContaining("not enough free space");
            assertThat(queue.size()).isEqualTo(1);
            assertThat(new String(storedContent(before))).isEqualTo("stored before");

            reopenWith(settings.withMinFreeBytes(0));
            QueueId after = enqueue(envelopeTo(BOB), content("stored after"));
            assertThat(queue.leaseDue(START, 10)).extracting(QueuedMail::id).containsExactly(before, after);
        }
    }
}
