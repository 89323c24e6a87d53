package dev.mailserver.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.smtp.testing.SmtpTestClient;

/**
 * A 250 after DATA means the message is on disk: the server runs under {@code strace}, and its system
 * calls show the spool's write-ahead log written with the message, then synced, and only then the 250
 * written to the client's socket; for a large message, its content file made durable before that.
 */
class SpoolSyncBeforeReplyTest {
    @TempDir
    Path dir;
    private TracedServer traced;

    @Test
    void theWriteAheadLogIsSyncedAfterTheMessageIsWrittenAndBeforeThe250() throws Exception {
        String marker = "sync-order-" + System.nanoTime();
        String reply = sendTraced("sender@remote.test", "Subject: " + marker + "\r\n\r\nbody\r\n");
        assertThat(reply).startsWith("250 2.0.0 Ok: queued as ");

        SystemCalls calls = SystemCalls.read(dir.resolve("strace.txt"));
        int walWrite = calls.started(-1, call -> traced.isSpoolLog(call) && call.name().contains("write") && call.line().contains(marker));
        int synced = calls.succeeded(walWrite, call -> traced.isSpoolLog(call) && call.name().endsWith("sync"));
        int replied = calls.started(-1, call -> TracedServer.isSocket(call) && call.line().contains(reply));
        String context = traced.describeCalls();
        assertThat(walWrite).as("the message written to the write-ahead log; " + context).isNotNegative();
        assertThat(synced).as("the log synced after that; " + context).isGreaterThan(walWrite);
        assertThat(replied).as("the 250 written to the client after the sync; " + context).isGreaterThan(synced);
    }

    /**
     * A message beyond the 64 KiB kept in memory is not copied into the log: its received file is synced,
     * renamed into {@code spool/content/}, that directory synced, and only then is the record (here found
     * by its sender) written to the log and synced, before the 250.
     */
    @Test
    void aLargeMessagesFileIsSyncedAndRenamedAndItsDirectorySyncedBeforeItsRecordAndThe250() throws Exception {
        String sender = "large-" + System.nanoTime() + "@remote.test";
        String reply = sendTraced(sender, "Subject: large\r\n\r\n" + "a line of a message beyond 64 KiB\r\n".repeat(4000));
        assertThat(reply).startsWith("250 2.0.0 Ok: queued as ");
        String id = reply.substring(reply.lastIndexOf(' ') + 1).strip();
        String contentDirectory = dir.resolve("data").resolve("spool").resolve("content").toString();

        SystemCalls calls = SystemCalls.read(dir.resolve("strace.txt"));
        int fileSynced = calls.succeeded(-1, call -> call.path().endsWith("/incoming/" + id + ".incoming") && call.name().endsWith("sync"));
        int renamed = calls.succeeded(fileSynced, call -> call.name().startsWith("rename") && call.line().contains(contentDirectory + "/" + id));
        int directorySynced = calls.succeeded(renamed, call -> call.path().equals(contentDirectory) && call.name().endsWith("sync"));
        int recordWritten = calls.started(directorySynced, call -> traced.isSpoolLog(call) && call.name().contains("write") && call.line().contains(sender));
        int recordSynced = calls.succeeded(recordWritten, call -> traced.isSpoolLog(call) && call.name().endsWith("sync"));
        int replied = calls.started(-1, call -> TracedServer.isSocket(call) && call.line().contains(reply));
        String context = traced.describeCalls();
        assertThat(fileSynced).as("the received file synced; " + context).isNotNegative();
        assertThat(renamed).as("then renamed into content/; " + context).isGreaterThan(fileSynced);
        assertThat(directorySynced).as("then content/ synced; " + context).isGreaterThan(renamed);
        assertThat(recordWritten).as("then the record written to the log; " + context).isGreaterThan(directorySynced);
        assertThat(recordSynced).as("then the log synced; " + context).isGreaterThan(recordWritten);
        assertThat(replied).as("the 250 written to the client after all that; " + context).isGreaterThan(recordSynced);
    }

    /** Sends one message to a server running under strace, stops the server, and returns the reply to the message. */
    private String sendTraced(String sender, String message) throws Exception {
        try (TracedServer server = TracedServer.start(dir, "")) {
            traced = server;
            try (SmtpTestClient client = SmtpTestClient.greeted(new InetSocketAddress("127.0.0.1", server.port()))) {
                client.command("EHLO client.test");
                return client.sendMessage(sender, "postmaster@localhost", message);
            }
        }
    }
}
