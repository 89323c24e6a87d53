package dev.mailserver.core.queue.backend;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

import dev.mailserver.core.QueueId;

/** Streams a message's content chunks in order, holding one chunk at a time. */
public final class ChunkInputStream extends InputStream {
    private final ChunkSource source;
    private final QueueId id;
    private final int chunkCount;
    private int nextChunk;
    private byte[] chunk = new byte[0];
    private int position;

    /** Reads chunks {@code 0} to {@code chunkCount - 1} of message {@code id} from {@code source}. */
    public ChunkInputStream(ChunkSource source, QueueId id, int chunkCount) {
        this.source = source;
        this.id = id;
        this.chunkCount = chunkCount;
    }

    @Override
    public int read() throws IOException {
        return hasMore() ? chunk[position++] & 0xFF : -1;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (length == 0) {
            return 0;
        }
        if (!hasMore()) {
            return -1;
        }
        int count = Math.min(length, chunk.length - position);
        System.arraycopy(chunk, position, buffer, offset, count);
        position += count;
        return count;
    }

    @Override
    public int available() {
        return chunk.length - position;
    }

    private boolean hasMore() throws IOException {
        while (position == chunk.length) {
            if (nextChunk == chunkCount) {
                return false;
            }
            chunk = source.chunk(id, nextChunk);
            if (chunk == null) {
                throw new IOException("chunk " + nextChunk + " of " + id + " is missing: the message has left the queue");
            }
            nextChunk++;
            position = 0;
        }
        return true;
    }

    /** Where the chunks are stored. */
    @FunctionalInterface
    public interface ChunkSource {
        /** @return chunk {@code index} of message {@code id}, or null when there is none (the message has left the queue) */
        byte[] chunk(QueueId id, int index) throws IOException;
    }
}
