package dev.mailserver.smtp.data;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import com.google.common.util.concurrent.MoreExecutors;
import com.google.common.util.concurrent.ThreadFactoryBuilder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailserver.core.QueueId;
import dev.mailserver.smtp.server.SessionFlow;

/**
 * The directory where DATA is written while it arrives, so that a message never sits whole in memory.
 * Files here are scratch: a message counts as received only once the mail queue has it (a queue may
 * take the file over, moving it away, as the RocksDB spool does). Files left by a crash are swept when
 * the spool is opened.
 *
 * <p>The spool owns the threads that create, write, close and delete these files ({@link IncomingFile}),
 * so that the netty IO threads never touch the disk. They are daemon threads that end when idle.
 */
public final class IncomingSpool {
    private static final Logger LOGGER = LoggerFactory.getLogger(IncomingSpool.class);
    private static final String SUFFIX = ".incoming";
    private static final long IDLE_WRITER_SECONDS = 30;

    private final Path directory;
    private final Executor writers;

    private IncomingSpool(Path directory, Executor writers) {
        this.directory = directory;
        this.writers = writers;
    }

    private static Executor writerThreads() {
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        ThreadPoolExecutor writers = new ThreadPoolExecutor(threads, threads, IDLE_WRITER_SECONDS, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
            new ThreadFactoryBuilder().setNameFormat("incoming-writer-%d").setDaemon(true).build());
        writers.allowCoreThreadTimeOut(true);
        return writers;
    }

    /** Opens (creating if needed) the directory and deletes what an earlier run left half-received. */
    public static IncomingSpool open(Path directory) throws IOException {
        return open(directory, writerThreads());
    }

    /** As {@link #open(Path)}, with the files written by {@code writers} (a test may slow them down). */
    static IncomingSpool open(Path directory, Executor writers) throws IOException {
        Files.createDirectories(directory);
        int swept = 0;
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
            for (Path leftover : leftovers) {
                Files.deleteIfExists(leftover);
                swept++;
            }
        }
        if (swept > 0) {
            LOGGER.info("Removed {} half-received message file(s) from {}", swept, directory);
        }
        return new IncomingSpool(directory, writers);
    }

    /** A new scratch file for the content of message {@code id}, received in {@code flow}'s session. */
    IncomingFile newFile(QueueId id, SessionFlow flow) {
        Executor inOrder = MoreExecutors.newSequentialExecutor(writers);
        return new IncomingFile(directory.resolve(id.value() + SUFFIX), inOrder, new UnwrittenBytes(flow));
    }

    public Path directory() {
        return directory;
    }
}
