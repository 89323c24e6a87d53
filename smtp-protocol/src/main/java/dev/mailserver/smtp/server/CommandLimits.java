package dev.mailserver.smtp.server;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.api.handler.ProtocolHandler;
import org.apache.james.protocols.api.handler.ProtocolHandlerResultHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailserver.smtp.chain.SmtpReplies;

/**
 * Ends sessions that go on too long in the wrong way: the command that brings a session to its error
 * limit (4xx and 5xx replies, like Postfix's hard error limit) or over its command limit is answered
 * with {@code 421 4.7.0} instead, and the connection is closed.
 */
public final class CommandLimits implements ProtocolHandlerResultHandler<Response, ProtocolSession> {
    private static final Logger LOGGER = LoggerFactory.getLogger(CommandLimits.class);
    private static final AttachmentKey<Counts> COUNTS = AttachmentKey.of("commandCounts", Counts.class);

    private final int maxErrors;
    private final int maxCommands;

    public CommandLimits(int maxErrors, int maxCommands) {
        this.maxErrors = maxErrors;
        this.maxCommands = maxCommands;
    }

    @Override
    public Response onResponse(ProtocolSession session, Response response, long executionTime, ProtocolHandler handler) {
        if (!(handler instanceof CommandHandler)) {
            return response;
        }
        Counts counts = session.getAttachment(COUNTS, State.Connection).orElseGet(() -> {
            Counts fresh = new Counts();
            session.setAttachment(COUNTS, fresh, State.Connection);
            return fresh;
        });
        counts.commands++;
        if (response != null && (response.getRetCode().startsWith("4") || response.getRetCode().startsWith("5"))) {
            counts.errors++;
        }
        String client = session.getRemoteAddress().getAddress().getHostAddress();
        if (counts.errors >= maxErrors) {
            LOGGER.warn("Closing the session of [{}]: {} errors", client, counts.errors);
            return SmtpReplies.TOO_MANY_ERRORS;
        }
        if (counts.commands > maxCommands) {
            LOGGER.warn("Closing the session of [{}]: more than {} commands", client, maxCommands);
            return SmtpReplies.TOO_MANY_COMMANDS;
        }
        return response;
    }

    private static final class Counts {
        private int commands;
        private int errors;
    }
}
