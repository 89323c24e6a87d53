package dev.mailserver.queue;

import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;

import dev.mailserver.core.MessageContent;
import dev.mailserver.core.QueueId;
import dev.mailserver.core.queue.backend.ChunkInputStream;

/** The stored content of a message kept in a content file: its head chunks from the spool, then the file. */
record FileMessageContent(RocksSpool spool, ContentFiles files, QueueId id, long size, ContentInFile file) implements MessageContent {
    @Override
    public InputStream openStream() throws IOException {
        InputStream rest = files.open(id, file.skippedBytes());
        if (file.headLength() == 0) {
            return rest;
        }
        return new SequenceInputStream(new ChunkInputStream(spool::chunk, id, SpoolLayout.chunkCount(file.headLength())), rest);
    }
}
