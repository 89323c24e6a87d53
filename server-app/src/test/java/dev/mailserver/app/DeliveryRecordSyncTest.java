package dev.mailserver.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.core.testing.Await;
import dev.mailserver.delivery.testing.TestSmtpServer;
import dev.mailserver.smtp.testing.SmtpTestClient;

/**
 * When a delivery is recorded in the spool, seen in the server's system calls under {@code strace}: a delivery
 * into a Maildir only once the file is synced, renamed into {@code new/} and {@code new/} synced (by syncfs or by
 * fsync, as {@code delivery.local.sync} says); its record then
 * goes to the write-ahead log without a wait for the log's sync (a power failure that loses the record repeats
 * the delivery, which finds the stored copy). A delivery to another server is recorded with a synced write,
 * since that server would get a repeat as a second message.
 */
class DeliveryRecordSyncTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private TracedServer traced;

    @ParameterizedTest
    @EnumSource(MaildirSyncCalls.class)
    void aMaildirDeliveryIsRecordedAfterItsFileAndNewAreSyncedWithoutWaitingForTheLogsSync(MaildirSyncCalls sync) throws Exception {
        traced = TracedServer.start(dir, """
              domains = ["mx.test"]
              mailboxes = ["user@mx.test"]
            """ + sync.config());
        String id = send("user@mx.test");
        awaitRemoved(id);
        SystemCalls calls = traced.stopAndReadCalls();

        String mailbox = dir.resolve("data").resolve("mail").resolve("mx.test").resolve("user").toString();
        int fileSynced = sync.fileSynced(calls, mailbox);
        int renamed = calls.succeeded(fileSynced, call -> call.name().startsWith("rename") && call.line().contains(mailbox + "/new/"));
        int newSynced = sync.entrySynced(calls, mailbox, renamed);
        int recordWritten = calls.started(newSynced, call -> traced.isSpoolLog(call) && call.name().contains("write") && call.line().contains(id));
        int removedLogged = calls.started(recordWritten, call -> traced.isServerLog(call) && call.line().contains(id + ": removed"));
        int logSynced = calls.succeeded(recordWritten, call -> traced.isSpoolLog(call) && call.name().endsWith("sync"));
        String context = traced.describeCalls();
        assertThat(fileSynced).as("the message's file in tmp/ synced; " + context).isNotNegative();
        assertThat(renamed).as("then renamed into new/; " + context).isGreaterThan(fileSynced);
        assertThat(newSynced).as("then new/ synced; " + context).isGreaterThan(renamed);
        assertThat(recordWritten).as("then the record written to the spool's log; " + context).isGreaterThan(newSynced);
        assertThat(removedLogged).as("then the message logged as removed; " + context).isGreaterThan(recordWritten);
        assertThat(logSynced).as("with no sync of the spool's log in between; " + context).satisfiesAnyOf(
            line -> assertThat(line).isNegative(), line -> assertThat(line).isGreaterThan(removedLogged));
    }

    @Test
    void aDeliveryToAnotherServerIsRecordedWithASyncedWrite() throws Exception {
        SystemCalls calls;
        String id;
        try (TestSmtpServer sink = TestSmtpServer.start()) {
            traced = TracedServer.start(dir, """
                  smtp.trusted-networks = ["127.0.0.0/8"]
                  delivery.remote.transports = [{ domain = "relay.test", host = "127.0.0.1", port = %d, tls = none }]
                """.formatted(sink.port()));
            id = send("rcpt@relay.test");
            Await.until(() -> sink.received().size() == 1, TIMEOUT);
            awaitRemoved(id);
            calls = traced.stopAndReadCalls();
        }

        int sent = calls.started(-1, call -> TracedServer.isSocket(call) && call.line().contains("Subject: record-sync"));
        int recordWritten = calls.started(sent, call -> traced.isSpoolLog(call) && call.name().contains("write") && call.line().contains(id));
        int logSynced = calls.succeeded(recordWritten, call -> traced.isSpoolLog(call) && call.name().endsWith("sync"));
        int removedLogged = calls.started(recordWritten, call -> traced.isServerLog(call) && call.line().contains(id + ": removed"));
        String context = traced.describeCalls();
        assertThat(sent).as("the message sent to the other server; " + context).isNotNegative();
        assertThat(recordWritten).as("then the record written to the spool's log; " + context).isGreaterThan(sent);
        assertThat(logSynced).as("then the log synced; " + context).isGreaterThan(recordWritten);
        assertThat(removedLogged).as("and only then the message logged as removed; " + context).isGreaterThan(logSynced);
    }

    @AfterEach
    void stop() throws Exception {
        if (traced != null) {
            traced.close();
        }
    }

    /** @return the queue id of the message sent */
    private String send(String recipient) throws Exception {
        try (SmtpTestClient client = SmtpTestClient.greeted(new InetSocketAddress("127.0.0.1", traced.port()))) {
            client.command("EHLO client.test");
            String reply = client.sendMessage("sender@client.test", recipient, "Subject: record-sync\r\n\r\nbody\r\n");
            assertThat(reply).startsWith("250 2.0.0 Ok: queued as ");
            return reply.substring(reply.lastIndexOf(' ') + 1).strip();
        }
    }

    private void awaitRemoved(String id) throws Exception {
        Await.until(() -> traced.logged(id + ": removed"), TIMEOUT);
    }

}
