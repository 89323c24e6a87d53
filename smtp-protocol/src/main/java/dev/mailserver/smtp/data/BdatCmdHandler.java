package dev.mailserver.smtp.data;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.smtp.SMTPSession;

import dev.mailserver.smtp.chain.SmtpReplies;
import dev.mailserver.smtp.server.BdatSyntax;
import dev.mailserver.smtp.server.SmtpSession;

/**
 * BDAT (CHUNKING, RFC 3030): the message in chunks of announced size, mixed with pipelined commands. The
 * framer passes each chunk's octets on as they arrive ({@link BdatSyntax}); {@link MessageChunks} cuts them
 * into lines for the same DATA line filters and queue hand-off as DATA, so a message takes the same path
 * whichever way it came, and never sits whole in memory. Every chunk is read, even one that is refused,
 * and answered after its last octet; the last one ({@code LAST}) is answered by the queue hand-off.
 */
public final class BdatCmdHandler implements CommandHandler<SMTPSession> {
    private final SpoolingDataCmdHandler data;
    private final int maxLineLength;

    public BdatCmdHandler(SpoolingDataCmdHandler data, int maxLineLength) {
        this.data = data;
        this.maxLineLength = maxLineLength;
    }

    @Override
    public Response onCommand(SMTPSession session, Request request) {
        Optional<BdatSyntax> chunk = BdatSyntax.parse(request.getArgument() == null ? "" : request.getArgument());
        if (chunk.isEmpty()) {
            return SmtpReplies.BDAT_SYNTAX;
        }
        Response refusal = refusal(session);
        ChunkReader reader;
        if (refusal != null) {
            reader = new ChunkReader(chunk.get(), null, refusal);
        } else {
            if (((SmtpSession) session).spooledMessage().isEmpty()) {
                data.startMessage(session);
                session.setAttachment(MessageChunks.KEY, new MessageChunks(data.messageLines(), maxLineLength), State.Transaction);
            }
            reader = new ChunkReader(chunk.get(), session.getAttachment(MessageChunks.KEY, State.Transaction).orElseThrow(), null);
        }
        if (chunk.get().size() == 0) {
            return reader.complete(session);
        }
        session.pushLineHandler(reader);
        return null;
    }

    private static Response refusal(SMTPSession session) {
        if (session.getAttachment(SMTPSession.SENDER, State.Transaction).isEmpty()) {
            return SmtpReplies.BDAT_NEEDS_MAIL;
        }
        if (session.getAttachment(SMTPSession.RCPT_LIST, State.Transaction).map(List::isEmpty).orElse(true)) {
            return SmtpReplies.BDAT_NEEDS_RCPT;
        }
        return null;
    }

    @Override
    public Collection<String> getImplCommands() {
        return List.of("BDAT");
    }
}
