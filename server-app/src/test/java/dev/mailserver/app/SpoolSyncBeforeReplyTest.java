package dev.mailserver.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.core.testing.RequiredTool;
import dev.mailserver.smtp.testing.SmtpTestClient;

/**
 * A 250 after DATA means the message is on disk: the server runs under {@code strace}, and its system
 * calls show the spool's write-ahead log written with the message, then synced, and only then the 250
 * written to the client's socket; for a large message, its content file made durable before that.
 */
class SpoolSyncBeforeReplyTest {
    @TempDir
    Path dir;

    @Test
    void theWriteAheadLogIsSyncedAfterTheMessageIsWrittenAndBeforeThe250() throws Exception {
        String marker = "sync-order-" + System.nanoTime();
        String reply = sendTraced("sender@remote.test", "Subject: " + marker + "\r\n\r\nbody\r\n");
        assertThat(reply).startsWith("250 2.0.0 Ok: queued as ");

        SystemCalls calls = SystemCalls.read(dir.resolve("strace.txt"));
        int walWrite = calls.started(-1, call -> isWal(call) && call.name().contains("write") && call.line().contains(marker));
        int synced = calls.succeeded(walWrite, call -> isWal(call) && call.name().endsWith("sync"));
        int replied = calls.started(-1, call -> isSocket(call) && call.line().contains(reply));
        String context = "system calls in " + dir.resolve("strace.txt");
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
        int recordWritten = calls.started(directorySynced, call -> isWal(call) && call.name().contains("write") && call.line().contains(sender));
        int recordSynced = calls.succeeded(recordWritten, call -> isWal(call) && call.name().endsWith("sync"));
        int replied = calls.started(-1, call -> isSocket(call) && call.line().contains(reply));
        String context = "system calls in " + dir.resolve("strace.txt");
        assertThat(fileSynced).as("the received file synced; " + context).isNotNegative();
        assertThat(renamed).as("then renamed into content/; " + context).isGreaterThan(fileSynced);
        assertThat(directorySynced).as("then content/ synced; " + context).isGreaterThan(renamed);
        assertThat(recordWritten).as("then the record written to the log; " + context).isGreaterThan(directorySynced);
        assertThat(recordSynced).as("then the log synced; " + context).isGreaterThan(recordWritten);
        assertThat(replied).as("the 250 written to the client after all that; " + context).isGreaterThan(recordSynced);
    }

    /** Sends one message to a server running under strace, stops the server, and returns the reply to the message. */
    private String sendTraced(String sender, String message) throws Exception {
        Path strace = RequiredTool.program("strace");
        int port = ServerProcess.freePort();
        Path config = TestServers.writeConfigFile(dir, """
              hostname = "mx.test"
              smtp.listeners.mta.port = %d
              smtp.listeners.submission.enabled = false
              smtp.listeners.submissions.enabled = false
              admin.enabled = false
            """.formatted(port));
        Process server = ServerProcess.start(List.of(strace.toString(), "-f", "-yy", "-qq", "--seccomp-bpf", "-s", "65536",
                "-e", "trace=write,writev,pwrite64,sendmsg,sendto,fsync,fdatasync,rename,renameat,renameat2", "-o",
                dir.resolve("strace.txt").toString()),
            config, port, dir.resolve("server.log"), dir.resolve("tmp"));
        try (SmtpTestClient client = SmtpTestClient.greeted(new InetSocketAddress("127.0.0.1", port))) {
            client.command("EHLO client.test");
            return client.sendMessage(sender, "postmaster@localhost", message);
        } finally {
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private boolean isWal(SystemCalls.Call call) {
        return call.path().startsWith(dir.resolve("data").resolve("spool").toString()) && call.path().endsWith(".log");
    }

    private static boolean isSocket(SystemCalls.Call call) {
        return call.path().startsWith("TCP") || call.path().startsWith("socket:");
    }
}
