package dev.mailserver.smtp.server;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.ProtocolTransport;
import org.apache.james.protocols.api.handler.LineHandler;
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
    private SpooledMessage message;
    private int pushedLineHandlers;
    private CompletableFuture<Optional<String>> clientName = CompletableFuture.completedFuture(Optional.empty());

    SmtpSession(ProtocolTransport transport, SMTPConfiguration config) {
        super(transport, config);
    }

    void bindFlow(SessionFlow flow) {
        this.flow = flow;
    }

    void lookUpClientName(ClientNames names) {
        this.clientName = names.lookUp(getRemoteAddress().getAddress());
    }

    /** The client's forward-confirmed name if its look-up has finished with one; never waits. */
    public Optional<String> clientName() {
        return clientName.getNow(Optional.empty());
    }

    /** The client as Postfix logs it: {@code name[ip]}, or {@code unknown[ip]}. */
    public String clientForLog() {
        return clientName().orElse("unknown") + "[" + getRemoteAddress().getAddress().getHostAddress() + "]";
    }

    public SessionFlow flow() {
        return flow;
    }

    /**
     * The message of the transaction, kept in a field as well as in the library's attachment: the DATA line
     * handlers ask for it on every line, and the library's look-up allocates several objects each time.
     */
    public Optional<SpooledMessage> spooledMessage() {
        return Optional.ofNullable(message);
    }

    @Override
    public <T> Optional<T> setAttachment(AttachmentKey<T> key, T value, State state) {
        if (isMessageKey(key, state)) {
            message = value instanceof SpooledMessage spooled ? spooled : null;
        }
        return super.setAttachment(key, value, state);
    }

    @Override
    public <T> Optional<T> removeAttachment(AttachmentKey<T> key, State state) {
        if (isMessageKey(key, state)) {
            message = null;
        }
        return super.removeAttachment(key, state);
    }

    private static boolean isMessageKey(AttachmentKey<?> key, State state) {
        return state == State.Transaction && key.equals(DataCmdHandler.MAILENV);
    }

    public boolean hadOverlongDataLine() {
        return getAttachment(OVERLONG_DATA_LINE, State.Transaction).orElse(false);
    }

    @Override
    public Response newLineTooLongResponse() {
        if (spooledMessage().isPresent() && pushedLineHandlers > 0) {
            // Inside DATA (or a BDAT chunk) the line is dropped; the message is refused at its end instead.
            setAttachment(OVERLONG_DATA_LINE, true, State.Transaction);
            return null;
        }
        return SmtpReplies.COMMAND_LINE_TOO_LONG;
    }

    @Override
    public <T extends ProtocolSession> void pushLineHandler(LineHandler<T> handler) {
        super.pushLineHandler(handler);
        pushedLineHandlers++;
    }

    @Override
    public void popLineHandler() {
        super.popLineHandler();
        if (pushedLineHandlers > 0) {
            pushedLineHandlers--;
        }
    }

    /** How many line handlers (DATA, a BDAT chunk, an AUTH exchange) take the input instead of the commands. */
    public int pushedLineHandlers() {
        return pushedLineHandlers;
    }

    /**
     * Commands are read as UTF-8 (the library reads US-ASCII), so that SMTPUTF8 paths arrive intact; ASCII
     * commands read the same. A UTF-8 path without SMTPUTF8 is refused by the MAIL and RCPT handlers.
     */
    @Override
    public Charset getCharset() {
        return StandardCharsets.UTF_8;
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
        message = null;
    }
}
