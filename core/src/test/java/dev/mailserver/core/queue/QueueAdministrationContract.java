package dev.mailserver.core.queue;

import static dev.mailserver.core.testing.TestMail.ALICE;
import static dev.mailserver.core.testing.TestMail.BOB;
import static dev.mailserver.core.testing.TestMail.CAROL;
import static dev.mailserver.core.testing.TestMail.address;
import static dev.mailserver.core.testing.TestMail.content;
import static dev.mailserver.core.testing.TestMail.envelopeTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import dev.mailserver.core.Envelope;
import dev.mailserver.core.QueueId;

/**
 * What a queue's {@link QueueAdministration} must do, on top of the {@link MailQueueContract}.
 */
public abstract class QueueAdministrationContract extends MailQueueContract {

    /** The administration of a queue that {@link #open} returned. */
    protected abstract QueueAdministration administrationOf(MailQueue queue);

    protected QueueAdministration admin() {
        return administrationOf(queue);
    }

    private List<QueueId> listed(QueueFilter filter) throws Exception {
        return admin().list(filter, 1000).stream().map(entry -> entry.mail().id()).toList();
    }

    private MessageState stateOf(QueueId id) throws Exception {
        return admin().show(id).orElseThrow().entry().state();
    }

    /** A message that has been tried once and waits for its next attempt. */
    private QueueId deferredTo(MailAddress recipient) throws Exception {
        QueueId id = enqueueTo(recipient);
        assertThat(queue.leaseDue(clock.instant(), 10)).extracting(QueuedMail::id).containsExactly(id);
        attempt(id, clock.instant(), new RecipientResult(recipient, MAILBOX_FULL));
        return id;
    }

    @Nested
    class Listing {
        @Test
        void listsMessagesInArrivalOrderWithTheirState() throws Exception {
            QueueId deferred = deferredTo(BOB);
            QueueId active = enqueueTo(BOB);
            QueueId held = enqueueTo(BOB);
            QueueId queued = enqueueTo(CAROL);
            admin().hold(QueueFilter.id(held));
            assertThat(queue.leaseDue(clock.instant(), 1)).extracting(QueuedMail::id).containsExactly(active);

            List<QueueEntry> entries = admin().list(QueueFilter.ALL, 10);

            assertThat(entries).extracting(entry -> entry.mail().id()).containsExactly(deferred, active, held, queued);
            assertThat(entries).extracting(QueueEntry::state)
                .containsExactly(MessageState.DEFERRED, MessageState.ACTIVE, MessageState.HELD, MessageState.QUEUED);
            assertThat(entries.get(0).mail().recipients()).containsExactly(new RecipientState(BOB, RecipientStatus.PENDING, "4.2.2 mailbox full"));
            assertThat(admin().list(QueueFilter.ALL, 2)).hasSize(2);
            assertThat(listed(QueueFilter.ALL.withState(MessageState.HELD))).containsExactly(held);
        }

        @Test
        void filtersBySenderRecipientAndDomainOfUndeliveredRecipients() throws Exception {
            QueueId fromAlice = enqueueTo(BOB, CAROL);
            QueueId bounce = enqueue(new Envelope(MaybeSender.nullSender(), List.of(CAROL)), content("bounce"));
            QueueId partlyDelivered = enqueueTo(BOB, address("dave@example.net"));
            queue.leaseDue(START, 10);
            attempt(fromAlice, START, new RecipientResult(BOB, MAILBOX_FULL), new RecipientResult(CAROL, MAILBOX_FULL));
            attempt(bounce, START, new RecipientResult(CAROL, MAILBOX_FULL));
            attempt(partlyDelivered, START, new RecipientResult(BOB, DELIVERED),
                new RecipientResult(address("dave@example.net"), MAILBOX_FULL));

            assertThat(listed(QueueFilter.ALL.withSender(MaybeSender.nullSender()))).containsExactly(bounce);
            assertThat(listed(QueueFilter.ALL.withSender(MaybeSender.of(ALICE)))).containsExactly(fromAlice, partlyDelivered);
            assertThat(listed(QueueFilter.ALL.withRecipient(BOB))).containsExactly(fromAlice);
            assertThat(listed(QueueFilter.ALL.withDomain(Domain.of("EXAMPLE.net")))).containsExactly(fromAlice, bounce, partlyDelivered);
            assertThat(listed(QueueFilter.ALL.withDomain(Domain.of("example.org")))).containsExactly(fromAlice);
            assertThat(listed(QueueFilter.ALL.withDomain(Domain.of("example.net")).withSender(MaybeSender.nullSender())))
                .containsExactly(bounce);
            assertThat(listed(QueueFilter.id(bounce))).containsExactly(bounce);
            assertThat(listed(QueueFilter.id(QueueId.generate()))).isEmpty();
        }

        @Test
        void filtersByAge() throws Exception {
            QueueId old = enqueueTo(BOB);
            clock.advance(Duration.ofHours(2));
            QueueId recent = enqueueTo(BOB);
            clock.advance(Duration.ofMinutes(30));

            assertThat(listed(QueueFilter.ALL.withMinAge(Duration.ofHours(1)))).containsExactly(old);
            assertThat(listed(QueueFilter.ALL.withMaxAge(Duration.ofHours(1)))).containsExactly(recent);
            assertThat(listed(QueueFilter.ALL.withMinAge(Duration.ofMinutes(30)).withMaxAge(Duration.ofHours(3))))
                .containsExactly(old, recent);
        }

        @Test
        void showsEnvelopeRecipientStatesAndUnfoldedHeaders() throws Exception {
            QueueId id = enqueue(envelopeTo(BOB), content("Received: from a\r\n\tby b; Sat, 1 Mar 2025 10:00:00 +0000\r\n"
                + "Subject: =?UTF-8?Q?caf=C3=A9?=\r\nFrom: Alice <alice@example.com>\r\n\r\nBody: not a header\r\n"));

            MessageDetails details = admin().show(id).orElseThrow();

            assertThat(details.entry().mail().sender()).isEqualTo(MaybeSender.of(ALICE));
            assertThat(details.entry().mail().recipients()).containsExactly(RecipientState.pending(BOB));
            assertThat(details.entry().state()).isEqualTo(MessageState.QUEUED);
            assertThat(details.headers()).containsExactly(
                new MessageHeader("Received", "from a\tby b; Sat, 1 Mar 2025 10:00:00 +0000"),
                new MessageHeader("Subject", "=?UTF-8?Q?caf=C3=A9?="),
                new MessageHeader("From", "Alice <alice@example.com>"));
            assertThat(admin().show(QueueId.generate())).isEmpty();
        }

        @Test
        void countsByStateAndDestinationDomain() throws Exception {
            deferredTo(BOB);
            QueueId held = enqueueTo(BOB, CAROL);
            enqueueTo(CAROL, address("dave@example.net"));
            admin().hold(QueueFilter.id(held));

            QueueCounts counts = admin().counts();

            assertThat(counts.byState()).isEqualTo(Map.of(MessageState.QUEUED, 1L, MessageState.ACTIVE, 0L,
                MessageState.DEFERRED, 1L, MessageState.HELD, 1L));
            assertThat(counts.byDomain()).isEqualTo(Map.of(Domain.of("example.org"), 2L, Domain.of("example.net"), 2L));
            assertThat(counts.total()).isEqualTo(3);
        }
    }

    @Nested
    class Changes {
        @Test
        void flushMakesMatchingMailDueNow() throws Exception {
            QueueId toBob = deferredTo(BOB);
            QueueId toCarol = deferredTo(CAROL);

            assertThat(admin().flush(QueueFilter.ALL.withDomain(Domain.of("example.org")))).containsExactly(toBob);

            assertThat(queue.leaseDue(clock.instant(), 10)).extracting(QueuedMail::id).containsExactly(toBob);
            assertThat(admin().flush(QueueFilter.id(toCarol))).containsExactly(toCarol);
            assertThat(queue.leaseDue(clock.instant(), 10)).extracting(QueuedMail::id).containsExactly(toCarol);
        }

        @Test
        void flushWakesTheDeliverySide() throws Exception {
            deferredTo(BOB);
            queue.awaitWork(Duration.ZERO);

            CompletableFuture<Void> waiter = awaitingWork(Duration.ofMinutes(10));

            admin().flush(QueueFilter.ALL);

            assertThat(waiter).succeedsWithin(WAIT_LIMIT);
        }

        @Test
        void heldMailIsNeverLeasedNorFlushedAndStaysHeldAfterAReopen() throws Exception {
            QueueId id = enqueueTo(BOB);

            assertThat(admin().hold(QueueFilter.ALL)).containsExactly(id);
            assertThat(admin().hold(QueueFilter.ALL)).isEmpty();
            assertThat(admin().flush(QueueFilter.ALL)).isEmpty();
            reopen();

            assertThat(queue.leaseDue(START.plus(Duration.ofDays(30)), 10)).isEmpty();
            assertThat(stateOf(id)).isEqualTo(MessageState.HELD);
        }

        @Test
        void aHoldDuringAnAttemptOutlastsTheAttempt() throws Exception {
            QueueId id = enqueueTo(BOB);
            leaseOnly(START);

            admin().hold(QueueFilter.id(id));
            QueuedMail after = attempt(id, START, new RecipientResult(BOB, MAILBOX_FULL));

            assertThat(after.attempts()).isEqualTo(1);
            assertThat(stateOf(id)).isEqualTo(MessageState.HELD);
            assertThat(queue.leaseDue(START.plus(Duration.ofDays(1)), 10)).isEmpty();
        }

        @Test
        void releasedMailIsDueNow() throws Exception {
            QueueId id = deferredTo(BOB);
            admin().hold(QueueFilter.id(id));

            assertThat(admin().release(QueueFilter.ALL)).containsExactly(id);
            assertThat(admin().release(QueueFilter.ALL)).isEmpty();

            assertThat(leaseOnly(clock.instant()).id()).isEqualTo(id);
        }

        @Test
        void mailReleasedAfterItsLifetimeFailsAtItsNextAttempt() throws Exception {
            QueueId id = enqueueTo(BOB);
            admin().hold(QueueFilter.id(id));
            clock.advance(MAX_LIFETIME.plusHours(1));

            admin().release(QueueFilter.id(id));
            leaseOnly(clock.instant());
            attempt(id, clock.instant(), new RecipientResult(BOB, MAILBOX_FULL));

            assertThat(queue.find(id)).isEmpty();
            assertThat(storedText(leaseOnly(clock.instant()).id())).contains(BOB.asString() + ": 5.4.7 ");
        }

        @Test
        void requeueMakesFailedRecipientsPendingAndRestartsTheSchedule() throws Exception {
            QueueId id = enqueueTo(BOB, CAROL);
            leaseOnly(START);
            QueuedMail failed = attempt(id, START, new RecipientResult(BOB, NO_SUCH_USER), new RecipientResult(CAROL, MAILBOX_FULL));
            assertThat(leaseOnly(START).sender().isNullSender()).as("the failure notice, out of the way").isTrue();
            clock.advance(Duration.ofSeconds(10));

            assertThat(admin().requeue(QueueFilter.ALL.withSender(MaybeSender.of(ALICE)))).containsExactly(id);

            QueuedMail requeued = leaseOnly(clock.instant());
            assertThat(requeued.id()).isEqualTo(id);
            assertThat(requeued.pendingRecipients()).containsExactly(BOB, CAROL);
            assertThat(requeued.attempts()).isZero();
            assertThat(requeued.recipients().get(0).lastResult()).isEqualTo("5.1.1 no such user");
            assertThat(failed.attempts()).isEqualTo(1);
        }

        @Test
        void deleteRemovesMessagesWithTheirContent() throws Exception {
            QueueId toBob = enqueueTo(BOB);
            QueueId toCarol = enqueueTo(CAROL);

            assertThat(admin().delete(QueueFilter.ALL.withRecipient(BOB))).containsExactly(toBob);

            assertThat(queue.size()).isEqualTo(1);
            assertThat(queue.find(toBob)).isEmpty();
            assertThatThrownBy(() -> queue.content(toBob)).isInstanceOf(NoSuchElementException.class);
            reopen();
            assertThat(leaseOnly(START).id()).isEqualTo(toCarol);
        }

        @Test
        void aMessageDeletedDuringItsAttemptStaysDeleted() throws Exception {
            QueueId id = enqueueTo(BOB);
            leaseOnly(START);

            admin().delete(QueueFilter.id(id));

            assertThatThrownBy(() -> attempt(id, START, new RecipientResult(BOB, MAILBOX_FULL))).isInstanceOf(RuntimeException.class);
            assertThat(queue.find(id)).isEmpty();
            assertThat(queue.size()).isZero();
        }
    }
}
