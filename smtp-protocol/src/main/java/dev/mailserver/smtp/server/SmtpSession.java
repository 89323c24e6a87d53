package dev.mailserver.smtp.server;

import java.util.Optional;

import org.apache.james.protocols.api.ProtocolTransport;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.smtp.MailEnvelope;
import org.apache.james.protocols.smtp.SMTPConfiguration;
import org.apache.james.protocols.smtp.SMTPSessionImpl;
import org.apache.james.protocols.smtp.core.DataCmdHandler;

import dev.mailserver.smtp.chain.SmtpReplies;
import dev.mailserver.smtp.data.SpooledMessage;

/**
 * Our SMTP session: it knows how to finish a command asynchronously ({@link SessionFlow}), discards
 * the DATA file of an abandoned transaction, and remembers an over-long DATA line instead of letting
 * the library drop it silently.
 */
public final class SmtpSession extends SMTPSessionImpl {
    private static final AttachmentKey<Boolean> OVERLONG_DATA_LINE = AttachmentKey.of("overlongDataLine", Boolean.class);

    private SessionFlow flow;

    SmtpSession(ProtocolTransport transport, SMTPConfiguration config) {
        super(transport, config);
    }

    void bindFlow(SessionFlow flow) {
        this.flow = flow;
    }

    public SessionFlow flow() {
        return flow;
    }

    public Optional<SpooledMessage> spooledMessage() {
        return getAttachment(DataCmdHandler.MAILENV, State.Transaction)
            .filter(SpooledMessage.class::isInstance)
            .map(SpooledMessage.class::cast);
    }

    public boolean hadOverlongDataLine() {
        return getAttachment(OVERLONG_DATA_LINE, State.Transaction).orElse(false);
    }

    @Override
    public Response newLineTooLongResponse() {
        if (spooledMessage().isPresent()) {
            // Inside DATA the framer has dropped the line; the message is refused at its end instead.
            setAttachment(OVERLONG_DATA_LINE, true, State.Transaction);
            return null;
        }
        return SmtpReplies.COMMAND_LINE_TOO_LONG;
    }

    @Override
    public Response newFatalErrorResponse() {
        return SmtpReplies.LOCAL_ERROR;
    }

    @Override
    public Response newCommandNotFoundErrorResponse() {
        return SmtpReplies.UNKNOWN_COMMAND;
    }

    @Override
    public void resetState() {
        spooledMessage().ifPresent(SpooledMessage::discardUnlessHandedOff);
        super.resetState();
    }
}
