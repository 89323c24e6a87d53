package dev.mailserver.queue;

import java.io.InputStream;

import dev.mailserver.core.MessageContent;
import dev.mailserver.core.QueueId;
import dev.mailserver.core.queue.backend.ChunkInputStream;

/** The stored content of a queued message, read chunk by chunk from the spool each time it is opened. */
record ChunkedMessageContent(RocksSpool spool, QueueId id, long size) implements MessageContent {
    @Override
    public InputStream openStream() {
        return new ChunkInputStream(spool::chunk, id, SpoolLayout.chunkCount(size));
    }
}
