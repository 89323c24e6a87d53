package dev.mailserver.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.core.testing.Await;
import dev.mailserver.smtp.testing.SmtpTestClient;

/**
 * Local mail delivered as it arrives ({@code delivery.on-arrival}, here for every message): the copy is in the
 * mailbox, its file and {@code new/} synced (either way of {@code delivery.local.sync}), before the 250, and the
 * message never enters the spool; what a mailbox defers, and a message with more recipients than are delivered at once, go through the queue.
 */
class ArrivalDeliveryTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String EVERY_MESSAGE = """
          domains = ["mx.test"]
          mailboxes = ["user@mx.test", "a@mx.test", "b@mx.test", "c@mx.test", "d@mx.test"]
          delivery.on-arrival.min-concurrent = 1
        """;

    @TempDir
    Path dir;
    private TracedServer traced;

    @ParameterizedTest
    @EnumSource(MaildirSyncCalls.class)
    void theCopyIsSyncedIntoTheMailboxBeforeThe250AndTheSpoolNeverSeesTheMessage(MaildirSyncCalls sync) throws Exception {
        traced = TracedServer.start(dir, EVERY_MESSAGE + sync.config());
        String reply = send(List.of("user@mx.test"));
        String id = queueId(reply);
        assertThat(messagesIn(mailbox("user"))).as("the copy is in new/ when the 250 has come").hasSize(1);
        SystemCalls calls = traced.stopAndReadCalls();

        String mailbox = mailbox("user").toString();
        int fileSynced = sync.fileSynced(calls, mailbox);
        int renamed = calls.succeeded(fileSynced, call -> call.name().startsWith("rename") && call.line().contains(mailbox + "/new/"));
        int newSynced = sync.entrySynced(calls, mailbox, renamed);
        int deliveryLogged = calls.started(newSynced, call -> traced.isServerLog(call)
            && call.line().contains(id + ": to=<user@mx.test>, relay=local") && call.line().contains("status=sent"));
        int replied = calls.started(-1, call -> TracedServer.isSocket(call) && call.line().contains(reply));
        int spoolWrite = calls.started(-1, call -> traced.isSpoolLog(call) && call.line().contains(id));
        String context = traced.describeCalls();
        assertThat(fileSynced).as("the message's file in tmp/ synced; " + context).isNotNegative();
        assertThat(renamed).as("then renamed into new/; " + context).isGreaterThan(fileSynced);
        assertThat(newSynced).as("then new/ synced; " + context).isGreaterThan(renamed);
        assertThat(deliveryLogged).as("then the delivery logged; " + context).isGreaterThan(newSynced);
        assertThat(replied).as("then the 250 written to the client; " + context).isGreaterThan(deliveryLogged);
        assertThat(spoolWrite).as("the message never written to the spool; " + context).isNegative();
        assertThat(traced.logged(id + ": removed")).as("nothing removed from the queue").isFalse();
    }

    @Test
    void aRecipientTheMailboxDefersIsQueuedAndTriedByTheEngine() throws Exception {
        traced = TracedServer.start(dir, EVERY_MESSAGE + "delivery.local.quota { messages = 1, warning-percent = 100 }\n");
        send(List.of("user@mx.test"));
        String id = queueId(send(List.of("user@mx.test")));

        assertThat(traced.logged(id + ": to=<user@mx.test>, not delivered on arrival (4.2.2")).as("deferred on arrival").isTrue();
        Await.until(() -> Files.readAllLines(traced.log()).stream()
            .anyMatch(line -> line.contains(id + ": to=<user@mx.test>, relay=local") && line.contains("status=deferred")), TIMEOUT);
        assertThat(messagesIn(mailbox("user"))).hasSize(1);
    }

    @Test
    void aMessageForMoreRecipientsThanAreDeliveredAtOnceGoesThroughTheQueue() throws Exception {
        traced = TracedServer.start(dir, EVERY_MESSAGE);
        List<String> five = List.of("user@mx.test", "a@mx.test", "b@mx.test", "c@mx.test", "d@mx.test");
        String id = queueId(send(five));

        Await.until(() -> traced.logged(id + ": removed"), TIMEOUT);
        for (String recipient : five) {
            assertThat(messagesIn(mailbox(recipient.substring(0, recipient.indexOf('@'))))).as(recipient).hasSize(1);
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (traced != null) {
            traced.close();
        }
    }

    private String send(List<String> recipients) throws Exception {
        try (SmtpTestClient client = SmtpTestClient.greeted(new InetSocketAddress("127.0.0.1", traced.port()))) {
            client.command("EHLO client.test");
            String reply = client.sendMessage("sender@client.test", recipients, "Subject: on arrival\r\n\r\nbody\r\n");
            assertThat(reply).startsWith("250 2.0.0 Ok: queued as ");
            return reply.strip();
        }
    }

    private static String queueId(String reply) {
        return reply.substring(reply.lastIndexOf(' ') + 1);
    }

    private Path mailbox(String user) {
        return dir.resolve("data").resolve("mail").resolve("mx.test").resolve(user);
    }

    private static List<Path> messagesIn(Path mailbox) throws Exception {
        Path fresh = mailbox.resolve("new");
        if (!Files.isDirectory(fresh)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(fresh)) {
            return files.toList();
        }
    }
}
