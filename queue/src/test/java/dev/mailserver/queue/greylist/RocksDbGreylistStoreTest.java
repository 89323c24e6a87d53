package dev.mailserver.queue.greylist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.core.policy.GreylistStore;

/** The greylist store on a real RocksDB: entries survive a restart and are forgotten after the store's lifetime. */
class RocksDbGreylistStoreTest {
    @TempDir
    Path dir;

    @Test
    void anEntryIsKeptAcrossARestartWithinTheLifetime() throws Exception {
        GreylistStore.Entry entry = new GreylistStore.Entry(Instant.parse("2026-01-01T00:00:00Z"), true);
        try (RocksDbGreylistStore store = RocksDbGreylistStore.open(dir, Duration.ofDays(36))) {
            store.save("192.0.2.|bob@remote.test|alice@example.test", entry);
        }
        try (RocksDbGreylistStore store = RocksDbGreylistStore.open(dir, Duration.ofDays(36))) {
            assertThat(store.find("192.0.2.|bob@remote.test|alice@example.test")).contains(entry);
        }
    }

    @Test
    void anEntryPastTheLifetimeIsForgotten() throws Exception {
        try (RocksDbGreylistStore store = RocksDbGreylistStore.open(dir, Duration.ofSeconds(1))) {
            store.save("192.0.2.|bob@remote.test|alice@example.test", new GreylistStore.Entry(Instant.now(), false));
            Thread.sleep(2_100);
            store.compact();

            assertThat(store.find("192.0.2.|bob@remote.test|alice@example.test")).isEmpty();
        }
    }

    @Test
    void aStoreOfTheOlderVersionIsLeftUnusedInsteadOfBreakingReads() throws Exception {
        org.rocksdb.RocksDB.loadLibrary();
        try (org.rocksdb.Options options = new org.rocksdb.Options().setCreateIfMissing(true);
             org.rocksdb.RocksDB plain = org.rocksdb.RocksDB.open(options, dir.toString())) {
            plain.put("t".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                java.nio.ByteBuffer.allocate(9).putLong(Instant.now().toEpochMilli()).put((byte) 1).array());
        }
        try (RocksDbGreylistStore store = RocksDbGreylistStore.open(dir, Duration.ofDays(36))) {
            assertThat(store.find("t")).isEmpty();
        }
    }
}
