package dev.mailserver.auth.arc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

import org.apache.james.core.MailAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailserver.auth.message.MailMessage;
import dev.mailserver.core.MessageContent;
import dev.mailserver.core.OutgoingMessage;
import dev.mailserver.core.mailbox.Forwarding;
import dev.mailserver.core.mailbox.LocalDelivery;
import dev.mailserver.core.mime.HeaderSection.Field;

/**
 * Forwards as another {@link Forwarding} does (which chooses the envelope sender) and puts our ARC set on top of
 * the message ({@link ArcSealer}). Only the new fields are held in memory; the message is streamed from the
 * queue, also for the body hash.
 */
public final class ArcSealingForwarding implements Forwarding {
    private static final Logger LOGGER = LoggerFactory.getLogger(ArcSealingForwarding.class);

    private final Forwarding forwarding;
    private final ArcSealer sealer;

    public ArcSealingForwarding(Forwarding forwarding, ArcSealer sealer) {
        this.forwarding = Objects.requireNonNull(forwarding, "forwarding");
        this.sealer = Objects.requireNonNull(sealer, "sealer");
    }

    @Override
    public OutgoingMessage forward(LocalDelivery delivery, List<MailAddress> targets, MessageContent content) throws IOException {
        OutgoingMessage forward = forwarding.forward(delivery, targets, content);
        ArcSealer.Sealing sealing = sealer.seal(MailMessage.read(forward.content()));
        if (sealing.fields().isEmpty()) {
            LOGGER.debug("{}: forward to {} not ARC-sealed: {}", delivery.queueId(), targets, sealing.reason());
            return forward;
        }
        ByteArrayOutputStream fields = new ByteArrayOutputStream();
        for (Field field : sealing.fields()) {
            fields.writeBytes((field.text() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        return new OutgoingMessage(forward.envelope(), MessageContent.withFields(fields.toByteArray(), forward.content()));
    }
}
