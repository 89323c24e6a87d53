package dev.mailserver.smtp.tls;

import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.StartTlsResponse;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.esmtp.StartTlsCmdHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailserver.smtp.server.SmtpSession;

/**
 * STARTTLS that closes the command-injection hole (CVE-2011-0411 class): a client, or a man in the
 * middle, can send commands right behind STARTTLS in the same packet, which the framer has already
 * cut into lines in plaintext; executed after the handshake, they would pass as protected. After the
 * {@code 220} this handler stands in front of the command dispatcher until the handshake is done: a
 * line that arrives before then was sent in plaintext and is discarded without a reply, as RFC 3207
 * §4.2 says and Postfix does (a reply would arrive inside TLS for a command that was not); it is logged
 * once per STARTTLS with the client's address.
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
        private boolean logged;

        @Override
        public Response onLine(SMTPSession session, byte[] line) {
            if (!((SmtpSession) session).flow().isTlsEstablished()) {
                if (!logged) {
                    logged = true;
                    LOGGER.warn("Discarded plaintext sent behind STARTTLS by [{}], as RFC 3207 says",
                        session.getRemoteAddress().getAddress().getHostAddress());
                }
                return null;
            }
            session.popLineHandler();
            return commandDispatcher.onLine(session, line);
        }
    }
}
