package dev.mailserver.smtp.data;

import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPSession;

import dev.mailserver.smtp.server.BdatSyntax;

/**
 * Takes the octets of one BDAT chunk from the framer, which passes on exactly the chunk's size, and
 * answers the BDAT command after the last of them: into the message, or read and dropped when the command
 * was refused.
 */
final class ChunkReader implements LineHandler<SMTPSession> {
    private final BdatSyntax chunk;
    private final MessageChunks message;
    private final Response refusal;
    private long remaining;

    /** @param message where the octets go, or null when the command is refused with {@code refusal} */
    ChunkReader(BdatSyntax chunk, MessageChunks message, Response refusal) {
        this.chunk = chunk;
        this.message = message;
        this.refusal = refusal;
        this.remaining = chunk.size();
    }

    @Override
    public Response onLine(SMTPSession session, byte[] octets) {
        remaining -= octets.length;
        Response failure = message == null ? null : message.append(session, octets);
        if (failure != null && failure.isEndSession()) {
            return failure;
        }
        if (remaining > 0) {
            return null;
        }
        session.popLineHandler();
        return complete(session);
    }

    /** The answer once every octet is in; null when the queue hand-off answers. */
    Response complete(SMTPSession session) {
        if (message == null) {
            return refusal;
        }
        if (chunk.last()) {
            return message.finish(session);
        }
        Response failure = message.failure();
        return failure != null ? failure : new SMTPResponse("250", "2.0.0 " + chunk.size() + " octets received");
    }
}
