package dev.mailserver.storage.srs;

import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;

import dev.mailserver.core.Envelope;
import dev.mailserver.core.MessageContent;
import dev.mailserver.core.OutgoingMessage;
import dev.mailserver.core.mailbox.Forwarding;
import dev.mailserver.core.mailbox.LocalDelivery;

/**
 * Forwards with an SRS address of ours as the envelope sender (see {@link SenderRewriting}), so that SPF passes
 * at the target and bounces come back through us. The null sender stays null (a bounce is never bounced), and
 * senders in our local domains are kept: SPF of our own domains passes for us anyway.
 */
public final class SrsForwarding implements Forwarding {
    private final SenderRewriting rewriting;
    private final Predicate<Domain> localDomain;

    public SrsForwarding(SenderRewriting rewriting, Predicate<Domain> localDomain) {
        this.rewriting = Objects.requireNonNull(rewriting, "rewriting");
        this.localDomain = Objects.requireNonNull(localDomain, "localDomain");
    }

    @Override
    public OutgoingMessage forward(LocalDelivery delivery, List<MailAddress> targets, MessageContent content) {
        MaybeSender sender = delivery.sender().asOptional()
            .filter(address -> !localDomain.test(address.getDomain()))
            .map(address -> MaybeSender.of(rewriting.forward(address)))
            .orElse(delivery.sender());
        return new OutgoingMessage(new Envelope(sender, targets), content);
    }
}
