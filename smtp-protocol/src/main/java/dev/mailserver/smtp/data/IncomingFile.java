package dev.mailserver.smtp.data;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scratch file of one message whose content outgrew memory. The IO thread only hands it chunks; the
 * file is created, written, closed and deleted by the incoming spool's writer threads, in the order the
 * chunks and requests came (a sequential executor per file), so that no netty IO thread waits for the disk.
 *
 * <p>A failed write is remembered: later chunks are dropped and {@link #close()} fails, so that the message
 * is refused. {@link UnwrittenBytes} is told of every chunk taken and written, to slow the client down while
 * the disk lags behind.
 */
final class IncomingFile {
    private static final Logger LOGGER = LoggerFactory.getLogger(IncomingFile.class);

    private final Path path;
    private final Executor writer;
    private final UnwrittenBytes unwritten;
    /** Touched by the writer thread only (one at a time, in order). */
    private OutputStream out;
    private volatile IOException failure;

    IncomingFile(Path path, Executor writer, UnwrittenBytes unwritten) {
        this.path = path;
        this.writer = writer;
        this.unwritten = unwritten;
    }

    Path path() {
        return path;
    }

    /** Queues {@code chunk} (whose ownership passes to the file) for writing after the chunks queued before. */
    void write(byte[] chunk, int length) {
        unwritten.taken(length);
        writer.execute(() -> {
            try {
                if (failure == null) {
                    if (out == null) {
                        out = Files.newOutputStream(path);
                    }
                    out.write(chunk, 0, length);
                }
            } catch (IOException e) {
                failure = e;
            } finally {
                unwritten.written(length);
            }
        });
    }

    /** Whether a write has failed already, so that what follows need not be queued. */
    boolean failed() {
        return failure != null;
    }

    /** Completes once every chunk queued is written and the file is closed; fails when any write failed. */
    CompletableFuture<Void> close() {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        writer.execute(() -> {
            closeQuietly();
            if (failure == null) {
                closed.complete(null);
            } else {
                closed.completeExceptionally(failure);
            }
        });
        return closed;
    }

    /**
     * Deletes the file after what is queued before. A file that cannot be deleted is only logged: it is
     * scratch, and the spool sweeps it at the next start.
     */
    void delete(String owner) {
        writer.execute(() -> {
            closeQuietly();
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                LOGGER.warn("{}: could not delete the scratch file {} ({}); it is removed at the next start", owner, path, e.toString());
            }
        });
    }

    private void closeQuietly() {
        if (out == null) {
            return;
        }
        try {
            out.close();
        } catch (IOException e) {
            if (failure == null) {
                failure = e;
            }
        }
        out = null;
    }
}
