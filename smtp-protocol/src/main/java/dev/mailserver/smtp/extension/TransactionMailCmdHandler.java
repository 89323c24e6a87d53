package dev.mailserver.smtp.extension;

import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.MailCmdHandler;

import dev.mailserver.smtp.server.NoopMetricFactory;

/**
 * The library's MAIL command, which forgets the parameters of an earlier MAIL that was refused, so that
 * they cannot carry over to the next transaction.
 */
public final class TransactionMailCmdHandler extends MailCmdHandler {
    public TransactionMailCmdHandler() {
        super(new NoopMetricFactory());
    }

    @Override
    public Response onCommand(SMTPSession session, Request request) {
        if (session.getAttachment(SMTPSession.SENDER, State.Transaction).isEmpty()) {
            TransactionParameters.clear(session);
        }
        return super.onCommand(session, request);
    }
}
