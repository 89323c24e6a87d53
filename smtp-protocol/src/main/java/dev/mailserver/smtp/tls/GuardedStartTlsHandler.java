package dev.mailserver.smtp.tls;

import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.StartTlsResponse;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.esmtp.StartTlsCmdHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailserver.smtp.chain.SmtpReplies;
import dev.mailserver.smtp.server.SmtpSession;

/**
 * STARTTLS that closes the command-injection hole (CVE-2011-0411 class): a client, or a man in the
 * middle, can send commands right behind STARTTLS in the same packet, which the framer has already
 * cut into lines in plaintext; executed after the handshake, they would pass as protected. After the
 * {@code 220} this handler stands in front of the command dispatcher until the handshake is done: a
 * line that arrives before then was sent in plaintext and closes the connection with {@code 554 5.7.0}.
 * This holds for every STARTTLS in a session, also after completed mail transactions (the library's
 * own detection switches itself off after the first DATA).
 */
public final class GuardedStartTlsHandler extends StartTlsCmdHandler {
    private static final Logger LOGGER = LoggerFactory.getLogger(GuardedStartTlsHandler.class);

    private final LineHandler<SMTPSession> commandDispatcher;

    public GuardedStartTlsHandler(LineHandler<SMTPSession> commandDispatcher) {
        this.commandDispatcher = commandDispatcher;
    }

    @Override
    public Response onCommand(SMTPSession session, Request request) {
        Response response = super.onCommand(session, request);
        if (response instanceof StartTlsResponse) {
            session.pushLineHandler(new FirstLineAfterStartTls());
        }
        return response;
    }

    private final class FirstLineAfterStartTls implements LineHandler<SMTPSession> {
        private boolean refused;

        @Override
        public Response onLine(SMTPSession session, byte[] line) {
            if (refused) {
                return null;
            }
            if (!((SmtpSession) session).flow().isTlsEstablished()) {
                refused = true;
                LOGGER.warn("Command sent in plaintext behind STARTTLS by [{}]; closing the connection",
                    session.getRemoteAddress().getAddress().getHostAddress());
                return SmtpReplies.PLAINTEXT_AFTER_STARTTLS;
            }
            session.popLineHandler();
            return commandDispatcher.onLine(session, line);
        }
    }
}
