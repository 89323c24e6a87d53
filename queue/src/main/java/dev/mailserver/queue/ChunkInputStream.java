package dev.mailserver.queue;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

import dev.mailserver.core.QueueId;

/** Streams a message's content chunks in order, holding one chunk at a time. */
final class ChunkInputStream extends InputStream {
    private final RocksSpool spool;
    private final QueueId id;
    private final int chunkCount;
    private int nextChunk;
    private byte[] chunk = new byte[0];
    private int position;

    ChunkInputStream(RocksSpool spool, QueueId id, int chunkCount) {
        this.spool = spool;
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
            chunk = spool.chunk(id, nextChunk);
            if (chunk == null) {
                throw new IOException("chunk " + nextChunk + " of " + id + " is missing: the message has left the queue");
            }
            nextChunk++;
            position = 0;
        }
        return true;
    }
}
