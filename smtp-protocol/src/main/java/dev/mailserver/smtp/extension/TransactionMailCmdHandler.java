package dev.mailserver.smtp.extension;

import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.MailCmdHandler;

import dev.mailserver.smtp.server.NoopMetricFactory;

/**
 * The library's MAIL command, which forgets the parameters of an earlier MAIL that was refused, so that
 * they cannot carry over to the next transaction, and takes a UTF-8 reverse-path with SMTPUTF8
 * ({@link Utf8Paths}).
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
        String argument = request.getArgument() == null ? "" : request.getArgument();
        Object rewritten = Utf8Paths.rewrite(request, Utf8Paths.hasSmtpUtf8Parameter(argument));
        return rewritten instanceof Response refusal ? refusal : super.onCommand(session, (Request) rewritten);
    }
}
