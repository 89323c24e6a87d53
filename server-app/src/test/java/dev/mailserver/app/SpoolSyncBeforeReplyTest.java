package dev.mailserver.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.core.testing.RequiredTool;
import dev.mailserver.smtp.testing.SmtpTestClient;

/**
 * A 250 after DATA means the message is on disk: the server runs under {@code strace}, and its system
 * calls show the spool's write-ahead log written with the message, then synced, and only then the 250
 * written to the client's socket.
 */
class SpoolSyncBeforeReplyTest {
    /** A system call's start: pid, name, first argument's fd with its path or socket (strace -yy). */
    private static final Pattern CALL = Pattern.compile("^(\\d+) +(\\w+)\\(\\d+<([^>]*)>");
    /** A call that blocked, finished later on another line: pid and name. */
    private static final Pattern RESUMED = Pattern.compile("^(\\d+) +<\\.\\.\\. (\\w+) resumed>.*= 0$");

    @TempDir
    Path dir;

    @Test
    void theWriteAheadLogIsSyncedAfterTheMessageIsWrittenAndBeforeThe250() throws Exception {
        Path strace = RequiredTool.program("strace");
        int port = ServerProcess.freePort();
        Path config = TestServers.writeConfigFile(dir, """
              hostname = "mx.test"
              smtp.listeners.mta.port = %d
              smtp.listeners.submission.enabled = false
              smtp.listeners.submissions.enabled = false
              admin.enabled = false
            """.formatted(port));
        Path trace = dir.resolve("strace.txt");
        Process server = ServerProcess.start(List.of(strace.toString(), "-f", "-yy", "-qq", "--seccomp-bpf", "-s", "65536",
                "-e", "trace=write,writev,pwrite64,sendmsg,sendto,fsync,fdatasync", "-o", trace.toString()),
            config, port, dir.resolve("server.log"), dir.resolve("tmp"));
        String marker = "sync-order-" + System.nanoTime();
        String reply;
        try (SmtpTestClient client = SmtpTestClient.greeted(new InetSocketAddress("127.0.0.1", port))) {
            client.command("EHLO client.test");
            reply = client.sendMessage("sender@remote.test", "postmaster@localhost", "Subject: " + marker + "\r\n\r\nbody\r\n");
        } finally {
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(reply).startsWith("250 2.0.0 Ok: queued as ");

        List<String> lines = Files.readAllLines(trace);
        Path spool = dir.resolve("data").resolve("spool");
        int walWrite = -1;
        int synced = -1;
        int replied = -1;
        Map<String, String> pendingSyncs = new HashMap<>();
        for (int i = 0; i < lines.size() && replied < 0; i++) {
            String line = lines.get(i);
            Matcher call = CALL.matcher(line);
            Matcher resumed = RESUMED.matcher(line);
            if (call.find()) {
                String name = call.group(2);
                String path = call.group(3);
                boolean wal = path.startsWith(spool.toString()) && path.endsWith(".log");
                if (walWrite < 0 && wal && name.contains("write") && line.contains(marker)) {
                    walWrite = i;
                } else if (walWrite >= 0 && synced < 0 && wal && name.endsWith("sync")) {
                    if (line.endsWith(" = 0")) {
                        synced = i;
                    } else {
                        pendingSyncs.put(call.group(1), name);
                    }
                } else if ((path.startsWith("TCP") || path.startsWith("socket:")) && line.contains(reply)) {
                    replied = i;
                }
            } else if (resumed.find() && synced < 0 && resumed.group(2).equals(pendingSyncs.get(resumed.group(1)))) {
                synced = i;
            }
        }
        String context = "system calls in " + trace;
        assertThat(walWrite).as("the message written to the write-ahead log; " + context).isNotNegative();
        assertThat(synced).as("the log synced after that; " + context).isGreaterThan(walWrite);
        assertThat(replied).as("the 250 written to the client after the sync; " + context).isGreaterThan(synced);
    }
}
