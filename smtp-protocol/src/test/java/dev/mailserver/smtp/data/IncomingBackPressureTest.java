package dev.mailserver.smtp.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.common.util.concurrent.Uninterruptibles;

import dev.mailserver.core.QueueId;
import dev.mailserver.queue.RocksDbMailQueue;
import dev.mailserver.smtp.ListenerRole;
import dev.mailserver.smtp.ListenerSettings;
import dev.mailserver.smtp.SessionLimits;
import dev.mailserver.smtp.SmtpListener;
import dev.mailserver.smtp.TlsMode;
import dev.mailserver.storage.directory.ConfiguredDirectory;

/**
 * A client sends a large message faster than its incoming file is written (here: while the spool's writer
 * threads are held back): the session stops reading from its socket once 1 MiB waits to be written, so the
 * client's writes stall instead of the server's memory filling up; once the writers catch up it reads on,
 * and the message is queued whole.
 */
class IncomingBackPressureTest {
    private static final int LINE = 100;
    private static final int BLOCK = 10_000 * LINE;
    private static final int BLOCKS = 64;
    private static final long TOTAL = (long) BLOCK * BLOCKS;
    private static final Duration STALL = Duration.ofSeconds(1);
    private static final Duration LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path root;
    private final CountDownLatch writersMayGo = new CountDownLatch(1);
    private final ExecutorService writerThreads = Executors.newFixedThreadPool(2);
    private RocksDbMailQueue queue;
    private SmtpListener listener;

    @AfterEach
    void stop() throws Exception {
        writersMayGo.countDown();
        if (listener != null) {
            listener.stop();
        }
        if (queue != null) {
            queue.close();
        }
        writerThreads.shutdownNow();
    }

    @Test
    void aClientFasterThanTheWriterIsNoLongerReadUntilTheWriterCatchesUp() throws Exception {
        Executor heldBack = task -> writerThreads.execute(() -> {
            Uninterruptibles.awaitUninterruptibly(writersMayGo);
            task.run();
        });
        InetSocketAddress address = start(IncomingSpool.open(root.resolve("incoming"), heldBack));
        ByteBuffer block = block();
        long sent;
        QueueId id;
        try (SocketChannel client = SocketChannel.open(address)) {
            expect(client, null, "220");
            expect(client, "EHLO client.test", "250");
            expect(client, "MAIL FROM:<bob@remote.test>", "250");
            expect(client, "RCPT TO:<alice@example.test>", "250");
            expect(client, "DATA", "354");
            client.write(ByteBuffer.wrap("Subject: fast\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));

            client.configureBlocking(false);
            sent = sendUntilStalled(client, block);
            assertThat(sent).as("bytes the server (and the kernel's buffers) took while the writer was held back").isLessThan(TOTAL * 3 / 4);

            writersMayGo.countDown();
            client.configureBlocking(true);
            for (; sent < TOTAL; sent += client.write(nextBytes(block))) {
                // the rest, now that the writer is free
            }
            String reply = expect(client, ".", "250 2.0.0 Ok: queued as ");
            id = new QueueId(reply.substring(reply.lastIndexOf(' ') + 1).strip());
        }
        assertContentEndsWithTheBlocks(id, block);
    }

    private InetSocketAddress start(IncomingSpool spool) throws Exception {
        queue = RocksDbMailQueue.open(root.resolve("spool"), Clock.systemUTC());
        SessionLimits defaults = SessionLimits.defaults();
        SessionLimits limits = new SessionLimits(2 * TOTAL, defaults.maxLineLength(), defaults.maxRecipients(), defaults.maxTransactions(),
            defaults.idleTimeout(), defaults.maxSessionTime(), defaults.maxConnections(), defaults.maxConnectionsPerClient(),
            defaults.maxErrors(), defaults.maxCommands(), defaults.maxAuthFailures());
        listener = SmtpListener.builder(new ListenerSettings("mta", ListenerRole.MTA, new InetSocketAddress("127.0.0.1", 0), TlsMode.NONE,
                "mx.example.test", limits, Duration.ofSeconds(5)))
            .directory(new ConfiguredDirectory(Set.of(Domain.of("example.test")), Set.of(new MailAddress("alice@example.test"))))
            .queue(queue).spool(spool).build();
        listener.start();
        return listener.address();
    }

    /** Writes blocks without blocking until no byte has gone for {@link #STALL}; returns how many went. */
    private static long sendUntilStalled(SocketChannel client, ByteBuffer block) throws Exception {
        long sent = 0;
        long stalledSince = 0;
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (sent < TOTAL && System.nanoTime() < deadline) {
            int written = client.write(nextBytes(block));
            sent += written;
            if (written > 0) {
                stalledSince = 0;
            } else if (stalledSince == 0) {
                stalledSince = System.nanoTime();
            } else if (System.nanoTime() - stalledSince > STALL.toNanos()) {
                return sent;
            } else {
                Thread.sleep(10);
            }
        }
        return sent;
    }

    /** The block, rewound once it has been sent whole. */
    private static ByteBuffer nextBytes(ByteBuffer block) {
        if (!block.hasRemaining()) {
            block.rewind();
        }
        return block;
    }

    private static ByteBuffer block() {
        StringBuilder text = new StringBuilder(BLOCK);
        for (int line = 0; line < BLOCK / LINE; line++) {
            text.append(String.format("%08d", line)).append("x".repeat(LINE - 10)).append("\r\n");
        }
        return ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.US_ASCII));
    }

    private void assertContentEndsWithTheBlocks(QueueId id, ByteBuffer block) throws IOException {
        byte[] expected = block.array();
        try (InputStream in = queue.content(id).openStream()) {
            long size = queue.content(id).size();
            assertThat(size).as("whole message").isGreaterThan(TOTAL);
            in.skipNBytes(size - TOTAL);
            for (int i = 0; i < BLOCKS; i++) {
                assertThat(in.readNBytes(BLOCK)).as("block %d", i).isEqualTo(expected);
            }
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    /** Sends {@code command} (none when null) and reads the reply, whose last line must start with {@code code}. */
    private static String expect(SocketChannel client, String command, String code) throws IOException {
        if (command != null) {
            ByteBuffer line = ByteBuffer.wrap((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
            while (line.hasRemaining()) {
                client.write(line);
            }
        }
        StringBuilder reply = new StringBuilder();
        String last;
        do {
            last = readLine(client);
            reply.append(last).append('\n');
        } while (last.length() > 3 && last.charAt(3) == '-');
        assertThat(last).as("reply to %s: %s", command, reply).startsWith(code);
        return last;
    }

    private static String readLine(SocketChannel client) throws IOException {
        StringBuilder line = new StringBuilder();
        ByteBuffer one = ByteBuffer.allocate(1);
        while (true) {
            one.clear();
            if (client.read(one) < 0) {
                throw new IOException("closed by the server after: " + line);
            }
            char c = (char) one.get(0);
            if (c == '\n') {
                return line.toString().strip();
            }
            line.append(c);
        }
    }
}
