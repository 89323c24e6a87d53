package dev.mailserver.smtp.data;

import java.util.List;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.smtp.MailEnvelope;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.DataCmdHandler;

import dev.mailserver.core.QueueId;
import dev.mailserver.smtp.chain.SmtpReplies;
import dev.mailserver.smtp.server.InFlightTransactions;
import dev.mailserver.smtp.server.NoopMetricFactory;
import dev.mailserver.smtp.server.SmtpSession;

/**
 * DATA that writes the incoming message to a spool file instead of the heap. It also starts the message
 * of a BDAT transaction ({@link BdatCmdHandler}), whose content then runs through the same DATA line
 * filters.
 */
public final class SpoolingDataCmdHandler extends DataCmdHandler {
    private static final String MESSAGE_LINES_FOLLOW = "354";

    private final IncomingSpool spool;
    private final InFlightTransactions inFlight;

    public SpoolingDataCmdHandler(IncomingSpool spool, InFlightTransactions inFlight) {
        super(new NoopMetricFactory());
        this.spool = spool;
        this.inFlight = inFlight;
    }

    @Override
    public Response onCommand(SMTPSession session, Request request) {
        if (((SmtpSession) session).spooledMessage().isPresent()) {
            return SmtpReplies.DATA_AFTER_BDAT;
        }
        Response response = super.onCommand(session, request);
        if (MESSAGE_LINES_FOLLOW.equals(response.getRetCode())) {
            ((SmtpSession) session).flow().enterMessageLines();
        }
        return response;
    }

    @Override
    protected MailEnvelope createEnvelope(MaybeSender sender, List<MailAddress> recipients) {
        QueueId id = QueueId.generate();
        return new SpooledMessage(id, sender, recipients, spool, inFlight);
    }

    /** Starts the message of the session's transaction, for content that does not come as DATA lines. */
    void startMessage(SMTPSession session) {
        MaybeSender sender = session.getAttachment(SMTPSession.SENDER, State.Transaction).orElseThrow();
        List<MailAddress> recipients = session.getAttachment(SMTPSession.RCPT_LIST, State.Transaction).orElseThrow();
        session.setAttachment(MAILENV, createEnvelope(sender, recipients), State.Transaction);
    }

    /** The DATA line filters, ending with the queue hand-off: each message line goes through them. */
    LineHandler<SMTPSession> messageLines() {
        return getLineHandler();
    }
}
