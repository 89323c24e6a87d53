package dev.mailserver.smtp.extension;

import java.util.HashMap;
import java.util.Map;

import org.apache.james.core.MailAddress;
import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.smtp.SMTPSession;

import dev.mailserver.core.EnvelopeOptions;
import dev.mailserver.core.RecipientOptions;

/** What the MAIL and RCPT parameters of the current transaction asked, kept in the session until the message is queued. */
public final class TransactionParameters {
    private static final AttachmentKey<TransactionParameters> KEY = AttachmentKey.of("transactionParameters", TransactionParameters.class);

    private EnvelopeOptions options = EnvelopeOptions.NONE;
    private final Map<MailAddress, RecipientOptions> recipients = new HashMap<>();

    private TransactionParameters() {
    }

    /** The parameters of the session's transaction; none when no parameter was given. */
    public static TransactionParameters of(SMTPSession session) {
        return session.getAttachment(KEY, State.Transaction).orElseGet(TransactionParameters::new);
    }

    static TransactionParameters forUpdate(SMTPSession session) {
        return session.getAttachment(KEY, State.Transaction).orElseGet(() -> {
            TransactionParameters created = new TransactionParameters();
            session.setAttachment(KEY, created, State.Transaction);
            return created;
        });
    }

    /** Forgets the MAIL parameters of a MAIL command that did not start a transaction. */
    public static void clear(SMTPSession session) {
        session.removeAttachment(KEY, State.Transaction);
    }

    public EnvelopeOptions options() {
        return options;
    }

    void options(EnvelopeOptions value) {
        options = value;
    }

    /** The options of the recipients that gave RCPT parameters. */
    public Map<MailAddress, RecipientOptions> recipientOptions() {
        return Map.copyOf(recipients);
    }

    void recipient(MailAddress recipient, RecipientOptions value) {
        recipients.put(recipient, value);
    }
}
