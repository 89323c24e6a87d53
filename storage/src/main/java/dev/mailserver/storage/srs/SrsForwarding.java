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
 * at the target and bounces come back through us. The null sender stays null (a bounce is never bounced);
 * senders in our local domains are kept, as SPF of our own domains passes for us anyway; and so is the sender
 * of mail forwarded only to our own domains, which no one checks SPF for.
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
        boolean leavesUs = targets.stream().anyMatch(target -> !localDomain.test(target.getDomain()));
        MaybeSender sender = delivery.sender().asOptional()
            .filter(address -> leavesUs && !localDomain.test(address.getDomain()))
            .map(address -> MaybeSender.of(rewriting.forward(address)))
            .orElse(delivery.sender());
        return new OutgoingMessage(new Envelope(sender, targets), content);
    }
}
