package dev.mailserver.core.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.core.testing.Await;

/** The group commit of directory syncs, with a real directory synced through a sync that the test can hold. */
class GroupedDirectorySyncsTest {
    private static final Duration LIMIT = Duration.ofSeconds(10);

    @TempDir
    Path directory;

    @Test
    void callersArrivingDuringASyncShareTheNextOneAndNoneReturnsBeforeIt() throws Exception {
        CountDownLatch firstMayEnd = new CountDownLatch(1);
        CountDownLatch secondMayEnd = new CountDownLatch(1);
        AtomicInteger syncs = new AtomicInteger();
        GroupedDirectorySyncs grouped = new GroupedDirectorySyncs(dir -> {
            int number = syncs.incrementAndGet();
            await(number == 1 ? firstMayEnd : secondMayEnd);
            GroupedDirectorySyncs.syncNow(dir);
        });
        Thread first = Thread.ofPlatform().start(() -> syncQuietly(grouped));
        Await.until(() -> syncs.get() == 1, LIMIT);
        List<Thread> later = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            later.add(Thread.ofPlatform().start(() -> syncQuietly(grouped)));
        }
        Await.until(() -> later.stream().allMatch(thread -> thread.getState() == Thread.State.WAITING), LIMIT);

        firstMayEnd.countDown();
        first.join(LIMIT.toMillis());
        assertThat(first.isAlive()).isFalse();
        Await.until(() -> syncs.get() == 2, LIMIT);
        assertThat(later).as("waiting for the sync that started after their entries").allMatch(Thread::isAlive);

        secondMayEnd.countDown();
        for (Thread thread : later) {
            thread.join(LIMIT.toMillis());
        }
        assertThat(later).noneMatch(Thread::isAlive);
        assertThat(syncs).hasValue(2);
    }

    @Test
    void aFailedSyncFailsItsCallerAndTheNextCallerSyncsAgain() throws Exception {
        AtomicInteger syncs = new AtomicInteger();
        GroupedDirectorySyncs grouped = new GroupedDirectorySyncs(dir -> {
            if (syncs.incrementAndGet() == 1) {
                throw new IOException("Input/output error");
            }
            GroupedDirectorySyncs.syncNow(dir);
        });

        assertThatThrownBy(() -> grouped.syncAfterEntry(directory)).isInstanceOf(IOException.class)
            .hasMessageContaining("Input/output error").hasMessageContaining(directory.toString());
        grouped.syncAfterEntry(directory);
        assertThat(syncs).hasValue(2);
    }

    @Test
    void theRealSyncWorksOnADirectory() throws Exception {
        Files.writeString(directory.resolve("entry"), "x");
        new GroupedDirectorySyncs().syncAfterEntry(directory);
        assertThat(directory.resolve("entry")).exists();
    }

    private void syncQuietly(GroupedDirectorySyncs grouped) {
        try {
            grouped.syncAfterEntry(directory);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(CountDownLatch latch) throws IOException {
        try {
            if (!latch.await(LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException("the test did not let the sync end");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
