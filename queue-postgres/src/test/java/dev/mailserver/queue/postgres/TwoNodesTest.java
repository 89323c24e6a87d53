package dev.mailserver.queue.postgres;

import static dev.mailserver.core.testing.TestMail.BOB;
import static dev.mailserver.core.testing.TestMail.CAROL;
import static dev.mailserver.core.testing.TestMail.content;
import static dev.mailserver.core.testing.TestMail.envelopeTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mailserver.core.DeliveryResult;
import dev.mailserver.core.QueueId;
import dev.mailserver.core.queue.BounceComposer;
import dev.mailserver.core.queue.MessageState;
import dev.mailserver.core.queue.QueueFilter;
import dev.mailserver.core.queue.QueuedMail;
import dev.mailserver.core.queue.RecipientResult;
import dev.mailserver.core.queue.RecipientStatus;
import dev.mailserver.core.testing.Await;
import dev.mailserver.core.testing.MutableClock;
import dev.mailserver.core.testing.TestBounceComposer;
import dev.mailserver.queue.postgres.testing.TestDatabase;

/** Two nodes on one database: leases, fencing, take-over after a timeout, wake-ups and administration across nodes. */
class TwoNodesTest {
    private static final Instant START = Instant.parse("2025-03-01T10:00:00Z");
    private static final Duration LEASE_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration WAIT_LIMIT = Duration.ofSeconds(30);
    private static final DeliveryResult DELIVERED = DeliveryResult.delivered("250 ok");
    private static final DeliveryResult MAILBOX_FULL = DeliveryResult.temporaryFailure("4.2.2", "mailbox full");

    private final MutableClock clock = new MutableClock(START);
    private final BounceComposer bounces = new TestBounceComposer();
    private TestDatabase database;
    private PostgresMailQueue nodeA;
    private PostgresMailQueue nodeB;

    @BeforeEach
    void open() throws Exception {
        database = TestDatabase.create();
        nodeA = open("node-a");
        nodeB = open("node-b");
    }

    private PostgresMailQueue open(String node) throws IOException {
        return PostgresMailQueue.open(database.settings(TestRetries.FIVE_DAYS, node).withLeaseTimeout(LEASE_TIMEOUT), clock,
            bounces);
    }

    @AfterEach
    void close() throws SQLException {
        for (PostgresMailQueue node : new PostgresMailQueue[] {nodeA, nodeB}) {
            if (node != null) {
                node.close();
            }
        }
        if (database != null) {
            database.drop();
        }
    }

    private QueueId enqueueOn(PostgresMailQueue node) throws Exception {
        QueueId id = QueueId.generate();
        node.enqueue(id, envelopeTo(BOB, CAROL), content("Subject: test\r\n\r\nbody\r\n")).get(WAIT_LIMIT.toSeconds(), TimeUnit.SECONDS);
        return id;
    }

    @Test
    void aNodeWhoseLeaseWasTakenOverIsRefusedWhenItRecords() throws Exception {
        QueueId id = enqueueOn(nodeA);
        assertThat(nodeA.leaseDue(START, 10)).extracting(QueuedMail::id).containsExactly(id);
        assertThat(nodeB.leaseDue(START.plus(LEASE_TIMEOUT).minusMillis(1), 10)).as("the lease still holds").isEmpty();

        assertThat(nodeA.wasTakenOver(id)).isFalse();

        Instant takeOver = START.plus(LEASE_TIMEOUT);
        assertThat(nodeB.leaseDue(takeOver, 10)).extracting(QueuedMail::id).containsExactly(id);
        assertThat(nodeB.wasTakenOver(id)).as("node A may have delivered without recording it").isTrue();
        nodeB.recordAttempt(id, List.of(new RecipientResult(BOB, DELIVERED), new RecipientResult(CAROL, MAILBOX_FULL)), takeOver);
        assertThat(nodeB.leaseDue(nodeB.find(id).orElseThrow().nextAttemptAt(), 10)).extracting(QueuedMail::id).containsExactly(id);
        assertThat(nodeB.wasTakenOver(id)).as("after a recorded attempt").isFalse();
        nodeB.recordAttempt(id, List.of(new RecipientResult(CAROL, MAILBOX_FULL)), takeOver);

        assertThatThrownBy(() -> nodeA.recordAttempt(id,
            List.of(new RecipientResult(BOB, MAILBOX_FULL), new RecipientResult(CAROL, DELIVERED)), takeOver.plusSeconds(1)))
            .isInstanceOf(LeaseLostException.class).hasMessageContaining("node-a").hasMessageContaining("taken over");

        QueuedMail stored = nodeA.find(id).orElseThrow();
        assertThat(stored.attempts()).as("only node B's attempts count").isEqualTo(2);
        assertThat(stored.recipients()).extracting(state -> state.status())
            .containsExactly(RecipientStatus.DELIVERED, RecipientStatus.PENDING);
    }

    @Test
    void aNodeIsRefusedWhileTheNodeThatTookItsMessageOverStillDelivers() throws Exception {
        QueueId id = enqueueOn(nodeA);
        nodeA.leaseDue(START, 10);
        Instant takeOver = START.plus(LEASE_TIMEOUT);
        nodeB.leaseDue(takeOver, 10);

        assertThatThrownBy(() -> nodeA.recordAttempt(id, List.of(new RecipientResult(BOB, DELIVERED)), takeOver))
            .isInstanceOf(LeaseLostException.class).hasMessageContaining("now leased by node-b");

        QueuedMail after = nodeB.recordAttempt(id, List.of(new RecipientResult(BOB, DELIVERED), new RecipientResult(CAROL, DELIVERED)),
            takeOver);
        assertThat(after.isFinished()).isTrue();
        assertThat(nodeA.size()).isZero();
    }

    @Test
    void aTimedOutLeaseNobodyTookOverStillRecords() throws Exception {
        QueueId id = enqueueOn(nodeA);
        nodeA.leaseDue(START, 10);

        QueuedMail after = nodeA.recordAttempt(id, List.of(new RecipientResult(BOB, MAILBOX_FULL)), START.plus(LEASE_TIMEOUT.multipliedBy(2)));

        assertThat(after.attempts()).isEqualTo(1);
    }

    @Test
    void twoNodesLeasingAtOnceNeverGetTheSameMessage() throws Exception {
        List<QueueId> ids = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            QueueId id = QueueId.generate();
            ids.add(id);
            (i % 2 == 0 ? nodeA : nodeB).enqueue(id, envelopeTo(BOB), content("m" + i)).get(WAIT_LIMIT.toSeconds(), TimeUnit.SECONDS);
        }
        List<QueueId> leased = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> a = CompletableFuture.runAsync(() -> drain(nodeA, leased));
        CompletableFuture<Void> b = CompletableFuture.runAsync(() -> drain(nodeB, leased));
        CompletableFuture.allOf(a, b).get(WAIT_LIMIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(leased).hasSize(ids.size()).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ids);
    }

    private static void drain(PostgresMailQueue node, List<QueueId> leased) {
        for (int round = 0; round < 1000; round++) {
            List<QueuedMail> batch = node.leaseDue(START, 7);
            if (batch.isEmpty()) {
                return;
            }
            batch.forEach(mail -> leased.add(mail.id()));
        }
    }

    @Test
    void mailEnqueuedOnOneNodeWakesTheOther() throws Exception {
        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> {
            try {
                nodeB.awaitWork(Duration.ofMinutes(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        // Node B listens a moment after it opened; until then node A's announcements pass it by.
        Await.until(() -> {
            enqueueOn(nodeA);
            return waiting.isDone();
        }, WAIT_LIMIT);
    }

    @Test
    void eitherNodeSeesAndChangesTheOthersMail() throws Exception {
        QueueId id = enqueueOn(nodeA);
        nodeA.leaseDue(START, 10);

        assertThat(nodeB.administration().list(QueueFilter.ALL, 10)).singleElement()
            .satisfies(entry -> assertThat(entry.state()).isEqualTo(MessageState.ACTIVE));
        assertThat(nodeB.administration().hold(QueueFilter.id(id))).containsExactly(id);
        nodeA.recordAttempt(id, List.of(new RecipientResult(BOB, MAILBOX_FULL)), START);

        assertThat(nodeA.administration().show(id).orElseThrow().entry().state()).isEqualTo(MessageState.HELD);
        assertThat(nodeB.administration().release(QueueFilter.ALL)).containsExactly(id);
        assertThat(nodeA.leaseDue(START, 10)).extracting(QueuedMail::id).containsExactly(id);
    }
}
