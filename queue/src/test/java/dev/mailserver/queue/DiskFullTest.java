package dev.mailserver.queue;

import static dev.mailserver.core.testing.TestMail.BOB;
import static dev.mailserver.core.testing.TestMail.content;
import static dev.mailserver.core.testing.TestMail.envelopeTo;
import static dev.mailserver.core.testing.TestMail.randomBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.core.testing.RequiredTool;
import dev.mailserver.core.testing.Await;
import dev.mailserver.core.DeliveryResult;
import dev.mailserver.core.MessageContent;
import dev.mailserver.core.QueueId;
import dev.mailserver.core.queue.BounceComposer;
import dev.mailserver.core.queue.QueueStorageException;
import dev.mailserver.core.queue.QueuedMail;
import dev.mailserver.core.queue.RecipientResult;
import dev.mailserver.core.testing.MutableClock;

/**
 * The spool on a real file system that fills up: a small tmpfs, enlarged afterwards. Needs permission to
 * mount (root); skipped otherwise. {@link RocksDbMailQueueTest} covers the refusal without privilege,
 * through the free-space reserve.
 */
class DiskFullTest {
    private static final Instant START = Instant.parse("2025-03-01T10:00:00Z");
    private static final Duration WAIT_LIMIT = Duration.ofSeconds(30);
    private static final Duration RECOVERY_LIMIT = Duration.ofSeconds(60);
    private static final int MESSAGE_SIZE = 1024 * 1024;

    @TempDir
    Path root;
    private Path spool;
    private boolean mounted;
    private final MutableClock clock = new MutableClock(START);
    private RocksDbMailQueue queue;

    @BeforeEach
    void mountSmallTmpfs() throws Exception {
        spool = Files.createDirectories(root.resolve("spool"));
        mounted = run("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", spool.toString());
        RequiredTool.assume(mounted, "permission to mount a tmpfs");
        queue = RocksDbMailQueue.open(spool, clock, QueueSettings.defaults().withMinFreeBytes(0), BounceComposer.NONE);
    }

    @AfterEach
    void unmount() throws Exception {
        if (queue != null) {
            queue.close();
        }
        if (mounted) {
            assertThat(run("umount", spool.toString())).as("unmounted " + spool).isTrue();
        }
    }

    @Test
    void aFullDiskRefusesMailKeepsWhatIsQueuedAndRecoversWhenSpaceComesBack() throws Exception {
        byte[] body = randomBytes(MESSAGE_SIZE);
        QueueId leased = enqueue(content("Subject: leased before the disk filled\r\n\r\n"));
        assertThat(queue.leaseDue(START, 10)).extracting(QueuedMail::id).containsExactly(leased);
        List<QueueId> stored = new ArrayList<>();
        Throwable refusal = null;
        for (int i = 0; i < 64 && refusal == null; i++) {
            QueueId id = QueueId.generate();
            try {
                queue.enqueue(id, envelopeTo(BOB), MessageContent.ofBytes(body)).get(WAIT_LIMIT.toSeconds(), TimeUnit.SECONDS);
                stored.add(id);
            } catch (ExecutionException e) {
                refusal = e.getCause();
            }
        }

        assertThat(refusal).isInstanceOf(QueueStorageException.class).hasMessageContaining("is full");
        assertThat(stored).isNotEmpty();
        assertThatThrownBy(() -> queue.recordAttempt(leased, List.of(new RecipientResult(BOB, DeliveryResult.delivered("ok"))), START))
            .isInstanceOf(QueueStorageException.class);
        assertThat(queue.leaseDue(START, 100)).as("not leased again at once after a failed record")
            .extracting(QueuedMail::id).doesNotContain(leased);

        assertThat(run("mount", "-o", "remount,size=256m", spool.toString())).isTrue();
        QueueId afterRecovery = enqueueOnceRecovered(content("Subject: after recovery\r\n\r\n"));
        queue.close();
        queue = RocksDbMailQueue.open(spool, clock, QueueSettings.defaults().withMinFreeBytes(0), BounceComposer.NONE);

        for (QueueId id : stored) {
            assertThat(Arrays.equals(readAll(id), body)).as("content of " + id).isTrue();
        }
        clock.advance(Duration.ofMinutes(1));
        assertThat(queue.leaseDue(clock.instant(), 100)).extracting(QueuedMail::id)
            .containsExactlyInAnyOrderElementsOf(concat(leased, stored, afterRecovery));
    }

    private QueueId enqueue(MessageContent content) throws Exception {
        QueueId id = QueueId.generate();
        queue.enqueue(id, envelopeTo(BOB), content).get(WAIT_LIMIT.toSeconds(), TimeUnit.SECONDS);
        return id;
    }

    /** RocksDB refuses writes after a full disk until it has seen the space come back; it looks every few seconds. */
    private QueueId enqueueOnceRecovered(MessageContent content) throws Exception {
        Optional<QueueId> taken = Await.value(() -> {
            try {
                return Optional.of(enqueue(content));
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(QueueStorageException.class);
                return Optional.<QueueId>empty();
            }
        }, Optional::isPresent, RECOVERY_LIMIT);
        return taken.orElseThrow(() -> new AssertionError("the queue did not take mail within " + RECOVERY_LIMIT + " of space coming back"));
    }

    private byte[] readAll(QueueId id) throws IOException {
        try (InputStream in = queue.content(id).openStream()) {
            return in.readAllBytes();
        }
    }

    private static List<QueueId> concat(QueueId first, List<QueueId> middle, QueueId last) {
        List<QueueId> all = new ArrayList<>();
        all.add(first);
        all.addAll(middle);
        all.add(last);
        return all;
    }

    /** Runs a system command; false when it fails or cannot be started. */
    private static boolean run(String... command) throws InterruptedException {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(WAIT_LIMIT.toSeconds(), TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
