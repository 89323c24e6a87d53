package dev.mailserver.queue;

import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.WriteBufferManager;

/**
 * The RocksDB options of the spool, which keep its native memory within one budget: a block cache of
 * that size shared by every column family, and a {@link WriteBufferManager} that charges the memtables
 * to that cache and stalls writes while they hold more than half of it (until a flush frees memory).
 * Index and filter blocks live in the cache too, so the tables' metadata does not grow outside it.
 * The content column family gets memtables of a quarter of the budget (a 10 MiB message fits one),
 * the small ones an eighth, each at most two.
 *
 * <p>What the budget does not cover: the write batch of each message being enqueued (its content, up
 * to one message per writer thread), and the C library's allocator keeping freed memory (see
 * docs/performance.md).
 */
final class SpoolOptions implements AutoCloseable {
    /** The smallest budget: below it, a memtable would not hold one chunk of content. */
    static final long MIN_MEMORY_BYTES = 16L * 1024 * 1024;

    /** Smaller values stay in the LSM tree; content chunks (up to 1 MiB) go to blob files. */
    private static final long MIN_BLOB_SIZE = 64 * 1024;
    private static final int MAX_WRITE_BUFFERS = 2;

    private final LRUCache cache;
    private final WriteBufferManager writeBuffers;
    private final DBOptions dbOptions;
    private final ColumnFamilyOptions plainOptions;
    private final ColumnFamilyOptions contentOptions;

    /** @param memoryBytes the budget, at least {@link #MIN_MEMORY_BYTES} (as {@link QueueSettings} checks) */
    SpoolOptions(long memoryBytes) {
        cache = new LRUCache(memoryBytes);
        writeBuffers = new WriteBufferManager(memoryBytes / 2, cache, true);
        dbOptions = new DBOptions()
            .setCreateIfMissing(true)
            .setCreateMissingColumnFamilies(true)
            .setWriteBufferManager(writeBuffers)
            // A write waiting for the group commit ahead of it sleeps instead of spinning with sched_yield for up
            // to 100 µs: spinning pays on many cores, on two it takes the CPU from the thread that would finish.
            .setEnableWriteThreadAdaptiveYield(false);
        BlockBasedTableConfig tables = new BlockBasedTableConfig()
            .setBlockCache(cache)
            .setCacheIndexAndFilterBlocks(true)
            .setPinL0FilterAndIndexBlocksInCache(true);
        plainOptions = new ColumnFamilyOptions()
            .setTableFormatConfig(tables)
            .setWriteBufferSize(memoryBytes / 8)
            .setMaxWriteBufferNumber(MAX_WRITE_BUFFERS);
        contentOptions = new ColumnFamilyOptions()
            .setTableFormatConfig(tables)
            .setWriteBufferSize(memoryBytes / 4)
            .setMaxWriteBufferNumber(MAX_WRITE_BUFFERS)
            .setEnableBlobFiles(true)
            .setMinBlobSize(MIN_BLOB_SIZE)
            .setEnableBlobGarbageCollection(true);
    }

    DBOptions db() {
        return dbOptions;
    }

    /** For the records, due and default column families. */
    ColumnFamilyOptions plain() {
        return plainOptions;
    }

    ColumnFamilyOptions content() {
        return contentOptions;
    }

    /** Closes the native handles; only after the database that uses them is closed. */
    @Override
    public void close() {
        contentOptions.close();
        plainOptions.close();
        dbOptions.close();
        writeBuffers.close();
        cache.close();
    }
}
