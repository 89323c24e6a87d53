package dev.mailserver.queue;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.mailserver.core.DsnNotify;
import dev.mailserver.core.DsnReturn;
import dev.mailserver.core.EnvelopeOptions;
import dev.mailserver.core.OriginalRecipient;
import dev.mailserver.core.RecipientOptions;
import dev.mailserver.core.queue.QueuedMail;
import dev.mailserver.core.queue.RecipientState;

/**
 * The part of a message record (format version 3, see {@link QueuedMailCodec}) that holds the MAIL and RCPT
 * parameters: an envelope id (presence byte, string), the RET byte (0 none, 1 FULL, 2 HDRS), a flags byte
 * (bit 0 SMTPUTF8, bit 1 REQUIRETLS), then per recipient, in the record's order, a NOTIFY byte (bit 7 given,
 * bit 0 SUCCESS, bit 1 FAILURE, bit 2 DELAY) and an ORCPT (presence byte, address type, address). Codes are
 * fixed here rather than ordinals, so that reordering an enum cannot corrupt stored records.
 */
final class OptionsCodec {
    private static final int SMTPUTF8 = 1;
    private static final int REQUIRETLS = 2;
    private static final int NOTIFY_GIVEN = 0x80;
    private static final int NOTIFY_SUCCESS = 1;
    private static final int NOTIFY_FAILURE = 2;
    private static final int NOTIFY_DELAY = 4;

    private OptionsCodec() {
    }

    static void write(DataOutputStream out, QueuedMail mail) throws IOException {
        EnvelopeOptions options = mail.options();
        writeOptional(out, options.envelopeId());
        out.writeByte(options.ret().map(ret -> ret == DsnReturn.FULL ? 1 : 2).orElse(0));
        out.writeByte((options.smtpUtf8() ? SMTPUTF8 : 0) | (options.requireTls() ? REQUIRETLS : 0));
        for (RecipientState recipient : mail.recipients()) {
            out.writeByte(notifyBits(recipient.options().notifyOn()));
            Optional<OriginalRecipient> original = recipient.options().originalRecipient();
            out.writeBoolean(original.isPresent());
            if (original.isPresent()) {
                QueuedMailCodec.writeString(out, original.get().addressType());
                QueuedMailCodec.writeString(out, original.get().address());
            }
        }
    }

    /** The message read so far, with the options that follow in {@code in}. */
    static QueuedMail read(DataInputStream in, QueuedMail mail) throws IOException {
        Optional<String> envelopeId = readOptional(in);
        Optional<DsnReturn> ret = switch (in.readByte()) {
            case 0 -> Optional.empty();
            case 1 -> Optional.of(DsnReturn.FULL);
            case 2 -> Optional.of(DsnReturn.HDRS);
            default -> throw new IOException("record of " + mail.id() + " has an unknown RET code");
        };
        int flags = in.readByte();
        EnvelopeOptions options = new EnvelopeOptions(envelopeId, ret, (flags & SMTPUTF8) != 0, (flags & REQUIRETLS) != 0);
        List<RecipientState> recipients = new ArrayList<>(mail.recipients().size());
        for (RecipientState recipient : mail.recipients()) {
            DsnNotify notify = notify(in.readByte());
            Optional<OriginalRecipient> original = in.readBoolean()
                ? Optional.of(new OriginalRecipient(QueuedMailCodec.readString(in), QueuedMailCodec.readString(in)))
                : Optional.empty();
            recipients.add(new RecipientState(recipient.recipient(), recipient.status(), recipient.lastResult(),
                new RecipientOptions(notify, original)));
        }
        return new QueuedMail(mail.id(), mail.sender(), recipients, mail.size(), mail.arrivedAt(), mail.attempts(),
            mail.nextAttemptAt(), options);
    }

    private static int notifyBits(DsnNotify notify) {
        if (!notify.given()) {
            return 0;
        }
        return NOTIFY_GIVEN | (notify.wantsSuccess() ? NOTIFY_SUCCESS : 0)
            | (notify.events().contains(DsnNotify.Event.FAILURE) ? NOTIFY_FAILURE : 0)
            | (notify.events().contains(DsnNotify.Event.DELAY) ? NOTIFY_DELAY : 0);
    }

    private static DsnNotify notify(int bits) {
        if ((bits & NOTIFY_GIVEN) == 0) {
            return DsnNotify.DEFAULT;
        }
        Set<DsnNotify.Event> events = EnumSet.noneOf(DsnNotify.Event.class);
        if ((bits & NOTIFY_SUCCESS) != 0) {
            events.add(DsnNotify.Event.SUCCESS);
        }
        if ((bits & NOTIFY_FAILURE) != 0) {
            events.add(DsnNotify.Event.FAILURE);
        }
        if ((bits & NOTIFY_DELAY) != 0) {
            events.add(DsnNotify.Event.DELAY);
        }
        return DsnNotify.of(events);
    }

    private static void writeOptional(DataOutputStream out, Optional<String> value) throws IOException {
        out.writeBoolean(value.isPresent());
        if (value.isPresent()) {
            QueuedMailCodec.writeString(out, value.get());
        }
    }

    private static Optional<String> readOptional(DataInputStream in) throws IOException {
        return in.readBoolean() ? Optional.of(QueuedMailCodec.readString(in)) : Optional.empty();
    }
}
