package dev.mailserver.smtp.extension;

import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.RcptCmdHandler;

import dev.mailserver.smtp.server.NoopMetricFactory;

/** The library's RCPT command, taking a UTF-8 forward-path in a transaction whose MAIL had SMTPUTF8 ({@link Utf8Paths}). */
public final class TransactionRcptCmdHandler extends RcptCmdHandler {
    public TransactionRcptCmdHandler() {
        super(new NoopMetricFactory());
    }

    @Override
    public Response onCommand(SMTPSession session, Request request) {
        Object rewritten = Utf8Paths.rewrite(request, TransactionParameters.of(session).options().smtpUtf8());
        return rewritten instanceof Response refusal ? refusal : super.onCommand(session, (Request) rewritten);
    }
}
