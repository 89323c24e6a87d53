package dev.mailserver.storage.sieve;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.field.address.LenientAddressParser;

import dev.mailserver.core.Envelope;
import dev.mailserver.core.InternationalAddresses;
import dev.mailserver.core.MessageContent;
import dev.mailserver.core.OutgoingMessage;
import dev.mailserver.core.mailbox.LocalDelivery;

/**
 * Decides whether a {@code vacation} action replies (RFC 5230 section 4) and makes the reply: never to the null
 * sender, to the user's own address, to mailing lists and automatic mail, nor when the message names none of the
 * user's addresses in its recipient fields; at most once per sender and handle per {@code :days}.
 */
final class VacationResponder {
    private static final List<String> RECIPIENT_FIELDS = List.of("to", "cc", "bcc", "resent-to", "resent-cc", "resent-bcc");
    private static final List<String> LIST_FIELDS = List.of("list-id", "list-help", "list-unsubscribe", "list-subscribe", "list-post",
        "list-owner", "list-archive");

    private final VacationMemory memory = new VacationMemory();
    private final Clock clock;

    VacationResponder(Clock clock) {
        this.clock = clock;
    }

    /** The reply to send, or why none is sent. */
    sealed interface Answer {
    }

    record Reply(OutgoingMessage message) implements Answer {
    }

    record NoReply(String reason) implements Answer {
    }

    /** @param directory the user's Sieve directory, where the replies sent are remembered */
    Answer answer(LocalDelivery delivery, VacationRequest request, MessageContent content, Path directory) throws IOException {
        if (delivery.sender().isNullSender()) {
            return new NoReply("the sender is the null sender");
        }
        MailAddress sender = delivery.sender().get();
        List<String> own = ownAddresses(delivery, request);
        String senderText = sender.asString().toLowerCase(Locale.ROOT);
        if (own.contains(senderText)) {
            return new NoReply("the sender is the user");
        }
        String senderLocal = sender.getLocalPart().toLowerCase(Locale.ROOT);
        if (senderLocal.equals("mailer-daemon") || senderLocal.startsWith("owner-") || senderLocal.endsWith("-request")) {
            return new NoReply("the sender is a mail system or list address");
        }
        SieveMessage message = SieveMessage.read(senderText, delivery.envelopeRecipient().asString(), content);
        Optional<String> automatic = message.first("auto-submitted").filter(value -> !value.toLowerCase(Locale.ROOT).startsWith("no"));
        if (automatic.isPresent()) {
            return new NoReply("the message is Auto-Submitted: " + automatic.get());
        }
        if (LIST_FIELDS.stream().anyMatch(field -> !message.header(field).isEmpty())
                || message.first("precedence").map(value -> value.toLowerCase(Locale.ROOT)).filter(List.of("bulk", "list", "junk")::contains).isPresent()) {
            return new NoReply("the message is list or bulk mail");
        }
        if (!namesUser(message, own)) {
            return new NoReply("none of the user's addresses is in its To, Cc or Bcc");
        }
        if (!memory.replyDue(directory, senderText, request.handle(), delivery.queueId(), request.days(), clock.instant())) {
            return new NoReply("the sender had a reply in the last " + request.days() + " day(s)");
        }
        MessageContent reply = VacationReply.compose(delivery.recipient(), sender, request, message, clock);
        return new Reply(new OutgoingMessage(new Envelope(MaybeSender.nullSender(), List.of(sender)), reply));
    }

    private static List<String> ownAddresses(LocalDelivery delivery, VacationRequest request) {
        List<String> own = new ArrayList<>(List.of(delivery.recipient().asString().toLowerCase(Locale.ROOT),
            delivery.envelopeRecipient().asString().toLowerCase(Locale.ROOT)));
        for (String address : request.addresses()) {
            try {
                own.add(InternationalAddresses.parse(address).asString().toLowerCase(Locale.ROOT));
            } catch (AddressException notAnAddress) {
                own.add(address.toLowerCase(Locale.ROOT));
            }
        }
        return own;
    }

    private static boolean namesUser(SieveMessage message, List<String> own) {
        for (String field : RECIPIENT_FIELDS) {
            for (String value : message.header(field)) {
                for (Mailbox mailbox : LenientAddressParser.DEFAULT.parseAddressList(value).flatten()) {
                    if (own.contains(mailbox.getAddress().toLowerCase(Locale.ROOT))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
