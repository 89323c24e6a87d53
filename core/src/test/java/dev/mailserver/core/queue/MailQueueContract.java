package dev.mailserver.core.queue;

import static dev.mailserver.core.testing.TestMail.ALICE;
import static dev.mailserver.core.testing.TestMail.BOB;
import static dev.mailserver.core.testing.TestMail.CAROL;
import static dev.mailserver.core.testing.TestMail.address;
import static dev.mailserver.core.testing.TestMail.content;
import static dev.mailserver.core.testing.TestMail.envelopeTo;
import static dev.mailserver.core.testing.TestMail.randomBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import dev.mailserver.core.DeliveryResult;
import dev.mailserver.core.DsnNotify;
import dev.mailserver.core.DsnReturn;
import dev.mailserver.core.EnvelopeOptions;
import dev.mailserver.core.OriginalRecipient;
import dev.mailserver.core.RecipientOptions;
import dev.mailserver.core.Envelope;
import dev.mailserver.core.MessageContent;
import dev.mailserver.core.OutgoingMessage;
import dev.mailserver.core.QueueId;
import dev.mailserver.core.testing.MutableClock;
import dev.mailserver.core.testing.TestBounceComposer;

/**
 * What every {@link MailQueue} must do, as tests: a backend passes them by extending this class. Shared
 * through core's test-jar.
 *
 * <p>The queue under test keeps mail for {@link #MAX_LIFETIME} and retries with positive delays; its
 * clock is the test's, which stands still until a test moves it.
 */
public abstract class MailQueueContract {
    protected static final Instant START = Instant.parse("2025-03-01T10:00:00Z");
    protected static final Duration MAX_LIFETIME = Duration.ofDays(5);
    protected static final Duration WAIT_LIMIT = Duration.ofSeconds(30);
    protected static final DeliveryResult MAILBOX_FULL = DeliveryResult.temporaryFailure("4.2.2", "mailbox full");
    protected static final DeliveryResult DELIVERED = DeliveryResult.delivered("250 ok");
    protected static final DeliveryResult NO_SUCH_USER = DeliveryResult.permanentFailure("5.1.1", "no such user");

    protected final MutableClock clock = new MutableClock(START);
    protected final TestBounceComposer bounces = new TestBounceComposer();
    protected MailQueue queue;

    /**
     * Opens the queue under test on this test's storage: empty at the first call of a test, as the last
     * {@link #close} left it at later calls.
     */
    protected abstract MailQueue open(Clock clock, BounceComposer bounces) throws IOException;

    /** Closes the queue; accepted enqueues complete first. */
    protected abstract void close(MailQueue queue) throws IOException;

    @BeforeEach
    void openQueue() throws IOException {
        queue = open(clock, bounces);
    }

    @AfterEach
    void closeQueue() throws IOException {
        close(queue);
    }

    protected void reopen() throws IOException {
        close(queue);
        queue = open(clock, bounces);
    }

    protected QueueId enqueue(Envelope envelope, MessageContent content) throws Exception {
        QueueId id = QueueId.generate();
        queue.enqueue(id, envelope, content).get(WAIT_LIMIT.toSeconds(), TimeUnit.SECONDS);
        return id;
    }

    protected QueueId enqueueTo(MailAddress... recipients) throws Exception {
        return enqueue(envelopeTo(recipients), content("Subject: test\r\n\r\nbody\r\n"));
    }

    protected QueuedMail leaseOnly(Instant now) {
        List<QueuedMail> leased = queue.leaseDue(now, 10);
        assertThat(leased).hasSize(1);
        return leased.get(0);
    }

    protected String storedText(QueueId id) throws IOException {
        try (InputStream in = queue.content(id).openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    protected QueuedMail attempt(QueueId id, Instant now, RecipientResult... results) throws IOException {
        return queue.recordAttempt(id, List.of(results), now);
    }

    @Nested
    class Enqueueing {
        @Test
        void aMessageSurvivesAReopenWithItsEnvelopeAndContent() throws Exception {
            Envelope envelope = new Envelope(MaybeSender.nullSender(), List.of(BOB, CAROL));
            String text = "Subject: hi\r\n\r\nHello\r\n";
            QueueId id = enqueue(envelope, content(text));

            reopen();

            QueuedMail mail = leaseOnly(START);
            assertThat(mail.id()).isEqualTo(id);
            assertThat(mail.sender().isNullSender()).isTrue();
            assertThat(mail.recipients()).containsExactly(RecipientState.pending(BOB), RecipientState.pending(CAROL));
            assertThat(mail.arrivedAt()).isEqualTo(START);
            assertThat(mail.attempts()).isZero();
            assertThat(queue.content(id).size()).isEqualTo(mail.size()).isEqualTo(text.length());
            assertThat(storedText(id)).isEqualTo(text);
            assertThat(queue.size()).isEqualTo(1);
        }

        @Test
        void aMissingIdEnvelopeOrContentIsRefusedAtOnceAndNothingIsStored() {
            assertThatThrownBy(() -> queue.enqueue(null, envelopeTo(BOB), content("x"))).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> queue.enqueue(QueueId.generate(), null, content("x"))).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> queue.enqueue(QueueId.generate(), envelopeTo(BOB), null)).isInstanceOf(NullPointerException.class);

            assertThat(queue.size()).isZero();
        }

        @Test
        void anEmptyMessageIsStoredAndRemoved() throws Exception {
            QueueId id = enqueue(envelopeTo(BOB), content(""));

            assertThat(storedText(id)).isEmpty();
            attempt(leaseOnly(START).id(), START, new RecipientResult(BOB, DELIVERED));

            assertThat(queue.size()).isZero();
        }

        @Test
        void concurrentEnqueuesAreAllStored() throws Exception {
            List<QueueId> ids = new ArrayList<>();
            List<CompletableFuture<Void>> stored = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                QueueId id = QueueId.generate();
                ids.add(id);
                stored.add(queue.enqueue(id, envelopeTo(BOB), MessageContent.ofBytes(randomBytes(1000 + i))));
            }
            CompletableFuture.allOf(stored.toArray(CompletableFuture[]::new)).get(WAIT_LIMIT.toSeconds(), TimeUnit.SECONDS);

            reopen();

            assertThat(queue.size()).isEqualTo(ids.size());
            assertThat(queue.leaseDue(START, 1000)).extracting(QueuedMail::id).containsExactlyInAnyOrderElementsOf(ids);
        }

        @Test
        void aDuplicateIdIsRejected() throws Exception {
            QueueId id = enqueue(envelopeTo(BOB), content("first"));

            assertThat(queue.enqueue(id, envelopeTo(CAROL), content("second"))).failsWithin(WAIT_LIMIT)
                .withThrowableOfType(ExecutionException.class).withCauseInstanceOf(IllegalArgumentException.class);
            assertThat(storedText(id)).isEqualTo("first");
            assertThat(queue.size()).isEqualTo(1);
        }

        @Test
        void findReadsAMessageWithoutLeasingIt() throws Exception {
            QueueId id = enqueueTo(BOB);

            assertThat(queue.find(id)).hasValueSatisfying(mail -> assertThat(mail.pendingRecipients()).containsExactly(BOB));
            assertThat(queue.find(QueueId.generate())).isEmpty();
            assertThat(leaseOnly(START).id()).isEqualTo(id);
        }
    }

    @Nested
    class Leasing {
        @Test
        void aLeasedMessageIsNotLeasedAgainUntilItsAttemptIsRecorded() throws Exception {
            QueueId id = enqueueTo(BOB);
            leaseOnly(START);

            assertThat(queue.leaseDue(START, 10)).isEmpty();

            QueuedMail after = attempt(id, START, new RecipientResult(BOB, MAILBOX_FULL));
            assertThat(leaseOnly(after.nextAttemptAt()).id()).isEqualTo(id);
        }

        @Test
        void dueMailIsLeasedOldestFirstUpToTheLimit() throws Exception {
            List<QueueId> ids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ids.add(enqueueTo(BOB));
                clock.advance(Duration.ofSeconds(1));
            }

            assertThat(queue.leaseDue(clock.instant(), 2)).extracting(QueuedMail::id).containsExactly(ids.get(0), ids.get(1));
            assertThat(queue.leaseDue(clock.instant(), 2)).extracting(QueuedMail::id).containsExactly(ids.get(2));
        }

        @Test
        void mailIsNotLeasedBeforeItArrives() throws Exception {
            enqueueTo(BOB);

            assertThat(queue.leaseDue(START.minusMillis(1), 10)).isEmpty();
        }

        @Test
        void recordingAnAttemptNeedsALease() throws Exception {
            QueueId id = enqueueTo(BOB);

            assertThatThrownBy(() -> attempt(id, START)).isInstanceOf(IllegalStateException.class);
        }

        @Test
        void theLeaseEndsEvenWhenRecordingFails() throws Exception {
            QueueId id = enqueueTo(BOB);
            leaseOnly(START);

            assertThatThrownBy(() -> attempt(id, START, new RecipientResult(CAROL, MAILBOX_FULL)))
                .isInstanceOf(IllegalArgumentException.class);

            assertThat(leaseOnly(START).attempts()).isZero();
        }

        @Test
        void awaitWorkReturnsWhenMailIsEnqueued() throws Exception {
            CompletableFuture<Void> waiter = awaitingWork(Duration.ofMinutes(10));

            enqueueTo(BOB);

            assertThat(waiter).succeedsWithin(WAIT_LIMIT);
        }

        @Test
        void awaitWorkReturnsAtOnceForMailEnqueuedBeforeTheWait() throws Exception {
            enqueueTo(BOB);

            assertThat(awaitingWork(Duration.ofMinutes(10))).succeedsWithin(WAIT_LIMIT);
        }

        @Test
        void awaitWorkReturnsAfterTheTimeoutWhenNothingIsEnqueued() throws Exception {
            long started = System.nanoTime();

            queue.awaitWork(Duration.ofMillis(300));

            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("time waited").isGreaterThanOrEqualTo(Duration.ofMillis(300));
        }

        @Test
        void awaitWorkBlocksUntilMailIsEnqueued() throws Exception {
            CompletableFuture<Void> waiter = awaitingWork(Duration.ofMinutes(10));

            assertThatThrownBy(() -> waiter.get(500, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);

            enqueueTo(BOB);

            assertThat(waiter).succeedsWithin(WAIT_LIMIT);
        }
    }

    @Nested
    class Attempts {
        @Test
        void temporaryFailuresAreRetriedLater() throws Exception {
            QueueId id = enqueueTo(BOB);
            leaseOnly(START);

            QueuedMail after = attempt(id, START, new RecipientResult(BOB, MAILBOX_FULL));

            assertThat(after.attempts()).isEqualTo(1);
            assertThat(after.nextAttemptAt()).isAfter(START);
            assertThat(after.recipients()).containsExactly(new RecipientState(BOB, RecipientStatus.PENDING, "4.2.2 mailbox full"));
            assertThat(queue.leaseDue(after.nextAttemptAt().minusMillis(1), 10)).isEmpty();
            assertThat(leaseOnly(after.nextAttemptAt())).isEqualTo(after);
            assertThat(queue.size()).isEqualTo(1);
        }

        @Test
        void aDeliveredRecipientIsNotPendingAgainEvenAfterAReopen() throws Exception {
            QueueId id = enqueueTo(BOB, CAROL);
            leaseOnly(START);

            QueuedMail after = attempt(id, START, new RecipientResult(BOB, DELIVERED), new RecipientResult(CAROL, MAILBOX_FULL));
            assertThat(after.pendingRecipients()).containsExactly(CAROL);

            reopen();

            QueuedMail retried = leaseOnly(after.nextAttemptAt());
            assertThat(retried.pendingRecipients()).containsExactly(CAROL);
            assertThat(retried.recipients()).contains(new RecipientState(BOB, RecipientStatus.DELIVERED, "2.0.0 250 ok"));
        }

        @Test
        void aMessageLeavesTheQueueWhenEveryRecipientIsDelivered() throws Exception {
            QueueId id = enqueueTo(BOB, CAROL);
            leaseOnly(START);

            QueuedMail after = attempt(id, START, new RecipientResult(BOB, DELIVERED), new RecipientResult(CAROL, DELIVERED));

            assertThat(after.isFinished()).isTrue();
            assertThat(queue.size()).isZero();
            assertThat(queue.find(id)).isEmpty();
            assertThat(queue.leaseDue(START.plus(Duration.ofDays(30)), 10)).isEmpty();
            assertThatThrownBy(() -> queue.content(id)).isInstanceOf(NoSuchElementException.class);
        }

        @Test
        void aRepeatableAttemptIsRecordedAsAnyOtherAndKeptOverAReopen() throws Exception {
            QueueId id = enqueueTo(BOB, CAROL);
            leaseOnly(START);

            QueuedMail after = queue.recordRepeatableAttempt(id,
                List.of(new RecipientResult(BOB, DELIVERED), new RecipientResult(CAROL, MAILBOX_FULL)), START);
            assertThat(after.pendingRecipients()).containsExactly(CAROL);
            assertThat(queue.leaseDue(START, 10)).isEmpty();

            reopen();

            QueuedMail retried = leaseOnly(after.nextAttemptAt());
            assertThat(retried.attempts()).isEqualTo(1);
            assertThat(retried.recipients()).contains(new RecipientState(BOB, RecipientStatus.DELIVERED, "2.0.0 250 ok"));
            queue.recordRepeatableAttempt(id, List.of(new RecipientResult(CAROL, DELIVERED)), after.nextAttemptAt());
            assertThat(queue.find(id)).isEmpty();
            assertThatThrownBy(() -> queue.content(id)).isInstanceOf(NoSuchElementException.class);
        }

        @Test
        void pendingRecipientsFailWhenTheMessageOutlivesItsLifetime() throws Exception {
            QueueId id = enqueue(new Envelope(MaybeSender.nullSender(), List.of(BOB)), content("hello"));
            leaseOnly(START);
            attempt(id, START, new RecipientResult(BOB, MAILBOX_FULL));

            Instant expiry = START.plus(MAX_LIFETIME);
            leaseOnly(expiry);
            QueuedMail after = attempt(id, expiry, new RecipientResult(BOB, DeliveryResult.temporaryFailure("4.4.1", "no answer")));

            assertThat(after.recipients()).singleElement().satisfies(state -> {
                assertThat(state.status()).isEqualTo(RecipientStatus.FAILED);
                assertThat(state.lastResult()).startsWith("5.4.7 ").endsWith("4.4.1 no answer");
            });
            assertThat(queue.size()).isZero();
        }
    }

    @Nested
    class FailureNotices {
        @Test
        void theMailAndRcptParametersStayWithTheMessageAndNotifySuccessQueuesASuccessNotice() throws Exception {
            RecipientOptions success = RecipientOptions.NONE.withNotify(DsnNotify.of(Set.of(DsnNotify.Event.SUCCESS)))
                .withOriginalRecipient(new OriginalRecipient("rfc822", "bob@old.example"));
            EnvelopeOptions options = new EnvelopeOptions(Optional.of("ENV-1"), Optional.of(DsnReturn.HDRS), false, false);
            QueueId id = enqueue(new Envelope(MaybeSender.of(ALICE), List.of(BOB, CAROL), options, Map.of(BOB, success)),
                content("Subject: test\r\n\r\nbody\r\n"));
            reopen();

            QueuedMail leased = leaseOnly(START);
            assertThat(leased.options()).isEqualTo(options);
            assertThat(leased.recipients()).extracting(RecipientState::options).containsExactly(success, RecipientOptions.NONE);
            QueuedMail after = attempt(id, START, new RecipientResult(BOB, DELIVERED), new RecipientResult(CAROL, MAILBOX_FULL));
            assertThat(after.options()).isEqualTo(options);
            assertThat(after.recipients()).extracting(RecipientState::options).containsExactly(success, RecipientOptions.NONE);

            QueuedMail notice = leaseOnly(START);
            assertThat(notice.sender().isNullSender()).isTrue();
            assertThat(storedText(notice.id())).startsWith(TestBounceComposer.SUCCESS_SUBJECT).contains(BOB.asString() + ": 2.0.0 250 ok");
        }

        @Test
        void aPermanentFailureQueuesANoticeToTheSender() throws Exception {
            QueueId id = enqueueTo(BOB, CAROL);
            leaseOnly(START);

            attempt(id, START, new RecipientResult(BOB, DELIVERED), new RecipientResult(CAROL, NO_SUCH_USER));

            assertThat(queue.find(id)).isEmpty();
            QueuedMail notice = leaseOnly(START);
            assertThat(notice.sender().isNullSender()).isTrue();
            assertThat(notice.pendingRecipients()).containsExactly(ALICE);
            assertThat(storedText(notice.id())).startsWith(TestBounceComposer.FAILURE_SUBJECT)
                .contains("X-Original-Queue-Id: " + id, CAROL.asString() + ": 5.1.1 no such user")
                .doesNotContain(BOB.asString());
        }

        @Test
        void aRepeatableAttemptQueuesItsNoticeToo() throws Exception {
            QueueId id = enqueueTo(BOB);
            leaseOnly(START);

            queue.recordRepeatableAttempt(id, List.of(new RecipientResult(BOB, NO_SUCH_USER)), START);
            reopen();

            assertThat(queue.find(id)).isEmpty();
            QueuedMail notice = leaseOnly(START);
            assertThat(notice.pendingRecipients()).containsExactly(ALICE);
            assertThat(storedText(notice.id())).contains("X-Original-Queue-Id: " + id);
        }

        @Test
        void expiryQueuesANotice() throws Exception {
            QueueId id = enqueueTo(BOB);
            leaseOnly(START);
            attempt(id, START, new RecipientResult(BOB, MAILBOX_FULL));

            Instant expiry = START.plus(MAX_LIFETIME);
            leaseOnly(expiry);
            attempt(id, expiry, new RecipientResult(BOB, MAILBOX_FULL));

            QueuedMail notice = leaseOnly(expiry);
            assertThat(notice.pendingRecipients()).containsExactly(ALICE);
            assertThat(storedText(notice.id())).contains(BOB.asString() + ": 5.4.7 ");
        }

        @Test
        void theNoticeIsStoredWithTheAttempt() throws Exception {
            QueueId id = enqueueTo(BOB);
            leaseOnly(START);
            attempt(id, START, new RecipientResult(BOB, NO_SUCH_USER));

            reopen();

            assertThat(queue.size()).isEqualTo(1);
            assertThat(storedText(leaseOnly(START).id())).contains("X-Original-Queue-Id: " + id);
        }

        @Test
        void noNoticeIsQueuedWhenTheComposerWritesNone() throws Exception {
            QueueId id = enqueue(new Envelope(MaybeSender.nullSender(), List.of(BOB)), content("a bounce"));
            leaseOnly(START);

            attempt(id, START, new RecipientResult(BOB, NO_SUCH_USER));

            assertThat(queue.size()).isZero();
        }

        @Test
        void temporaryFailuresAndDeliveriesQueueNoNotice() throws Exception {
            QueueId id = enqueueTo(BOB, CAROL);
            leaseOnly(START);

            attempt(id, START, new RecipientResult(BOB, DELIVERED), new RecipientResult(CAROL, MAILBOX_FULL));

            assertThat(queue.size()).isEqualTo(1);
        }

        @Test
        void whenNoNoticeCanBeWrittenTheFailureWaitsForALaterAttempt() throws Exception {
            QueueId id = enqueueTo(BOB, CAROL);
            leaseOnly(START);
            bounces.failing(true);

            QueuedMail after = attempt(id, START, new RecipientResult(BOB, DELIVERED), new RecipientResult(CAROL, NO_SUCH_USER));

            assertThat(after.recipients()).containsExactly(new RecipientState(BOB, RecipientStatus.DELIVERED, "2.0.0 250 ok"),
                new RecipientState(CAROL, RecipientStatus.PENDING, "5.1.1 no such user"));
            assertThat(after.nextAttemptAt()).isAfter(START);
            assertThat(queue.size()).isEqualTo(1);

            bounces.failing(false);
            QueuedMail retried = leaseOnly(after.nextAttemptAt());
            assertThat(retried.pendingRecipients()).containsExactly(CAROL);
            attempt(id, after.nextAttemptAt(), new RecipientResult(CAROL, NO_SUCH_USER));

            assertThat(queue.find(id)).isEmpty();
            assertThat(storedText(leaseOnly(after.nextAttemptAt()).id())).contains(CAROL.asString() + ": 5.1.1 no such user");
        }
    }

    @Nested
    class FollowUps {
        private final MailAddress dave = address("dave@remote.example");

        @Test
        void aDeliveredRecipientsFollowUpIsQueuedWithTheAttemptFromTheOriginalsContent() throws Exception {
            QueueId id = enqueue(envelopeTo(BOB), content("Subject: forward me\r\n\r\nbody\r\n"));
            leaseOnly(START);
            OutgoingMessage forward = new OutgoingMessage(new Envelope(MaybeSender.of(ALICE), List.of(dave)), queue.content(id));

            attempt(id, START, new RecipientResult(BOB, DeliveryResult.delivered("forwarded", List.of(forward))));
            reopen();

            assertThat(queue.find(id)).isEmpty();
            QueuedMail followUp = leaseOnly(START);
            assertThat(followUp.sender()).isEqualTo(MaybeSender.of(ALICE));
            assertThat(followUp.pendingRecipients()).containsExactly(dave);
            assertThat(storedText(followUp.id())).isEqualTo("Subject: forward me\r\n\r\nbody\r\n");
        }

        @Test
        void noFollowUpIsQueuedForARecipientThatIsNotDelivered() throws Exception {
            QueueId id = enqueueTo(BOB);
            leaseOnly(START);
            OutgoingMessage forward = new OutgoingMessage(new Envelope(MaybeSender.of(ALICE), List.of(dave)), content("forward"));

            attempt(id, START, new RecipientResult(BOB,
                new DeliveryResult(DeliveryResult.Outcome.TEMPORARY_FAILURE, "4.2.2", "mailbox full", List.of(forward))));

            assertThat(queue.size()).isEqualTo(1);
        }

        @Test
        void aRepeatedResultForARecipientDeliveredBeforeQueuesNoSecondFollowUp() throws Exception {
            QueueId id = enqueueTo(BOB, CAROL);
            leaseOnly(START);
            OutgoingMessage forward = new OutgoingMessage(new Envelope(MaybeSender.of(ALICE), List.of(dave)), content("forward"));
            QueuedMail after = attempt(id, START, new RecipientResult(BOB, DeliveryResult.delivered("forwarded", List.of(forward))),
                new RecipientResult(CAROL, MAILBOX_FULL));
            QueuedMail followUp = leaseOnly(START);
            attempt(followUp.id(), START, new RecipientResult(dave, DELIVERED));

            leaseOnly(after.nextAttemptAt());
            attempt(id, after.nextAttemptAt(), new RecipientResult(BOB, DeliveryResult.delivered("forwarded", List.of(forward))),
                new RecipientResult(CAROL, DELIVERED));

            assertThat(queue.size()).isZero();
        }
    }

    protected CompletableFuture<Void> awaitingWork(Duration timeout) {
        return CompletableFuture.runAsync(() -> {
            try {
                queue.awaitWork(timeout);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
