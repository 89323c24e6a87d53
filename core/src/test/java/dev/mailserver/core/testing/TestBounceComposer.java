package dev.mailserver.core.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.james.core.MaybeSender;

import dev.mailserver.core.Envelope;
import dev.mailserver.core.MessageContent;
import dev.mailserver.core.OutgoingMessage;
import dev.mailserver.core.queue.BounceComposer;
import dev.mailserver.core.queue.QueuedMail;
import dev.mailserver.core.queue.RecipientState;

/**
 * A plain-text stand-in for the DSN composer, for tests of the queue: a notice from the null sender to the
 * envelope sender, naming the original queue id and each recipient with its last result. It can be made to
 * fail, as a composer that cannot read the original message would.
 */
public final class TestBounceComposer implements BounceComposer {
    public static final String FAILURE_SUBJECT = "Subject: Undelivered Mail Returned to Sender";
    public static final String DELAY_SUBJECT = "Subject: Delayed Mail (still being retried)";
    public static final String SUCCESS_SUBJECT = "Subject: Successful Mail Delivery Report";

    private volatile boolean failing;

    public void failing(boolean value) {
        failing = value;
    }

    @Override
    public Optional<OutgoingMessage> compose(QueuedMail mail, List<RecipientState> failed, MessageContent content) throws IOException {
        return notice(FAILURE_SUBJECT, mail, failed);
    }

    @Override
    public Optional<OutgoingMessage> composeDelayWarning(QueuedMail mail, List<RecipientState> delayed, MessageContent content)
        throws IOException {
        return notice(DELAY_SUBJECT, mail, delayed);
    }

    /** A notice for the delivered recipients that asked for one. */
    @Override
    public Optional<OutgoingMessage> composeSuccess(QueuedMail mail, List<RecipientState> delivered, MessageContent content) throws IOException {
        List<RecipientState> asked = delivered.stream().filter(state -> state.options().notifyOn().wantsSuccess()).toList();
        return asked.isEmpty() ? Optional.empty() : notice(SUCCESS_SUBJECT, mail, asked);
    }

    private Optional<OutgoingMessage> notice(String subject, QueuedMail mail, List<RecipientState> recipients) throws IOException {
        if (failing) {
            throw new IOException("the composer was told to fail");
        }
        if (mail.sender().isNullSender()) {
            return Optional.empty();
        }
        String text = subject + "\r\nX-Original-Queue-Id: " + mail.id() + "\r\n\r\n"
            + recipients.stream().map(state -> state.recipient().asString() + ": " + state.lastResult() + "\r\n")
                .collect(Collectors.joining());
        Envelope envelope = new Envelope(MaybeSender.nullSender(), List.of(mail.sender().get()));
        return Optional.of(new OutgoingMessage(envelope, MessageContent.ofBytes(text.getBytes(StandardCharsets.UTF_8))));
    }
}
