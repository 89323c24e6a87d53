package dev.mailserver.storage.directory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.apache.james.core.MailAddress;

import dev.mailserver.core.DeliveryResult;
import dev.mailserver.core.MessageContent;
import dev.mailserver.core.OutgoingMessage;
import dev.mailserver.core.mailbox.Forwarding;
import dev.mailserver.core.mailbox.LocalDelivery;
import dev.mailserver.core.mailbox.MailboxStore;
import dev.mailserver.storage.maildir.MaildirStore;

/**
 * Delivers mail for a recipient into the mailboxes the {@link RecipientResolver} finds for it (an alias's
 * targets, the user of {@code user+tag}, the catch-all...), and sends it on to its remote targets with one
 * forward made by {@link Forwarding}, returned as the delivery's follow-up (so that the queue stores it once,
 * with the delivery's result). The recipient is delivered when at least one mailbox took the mail or it is
 * forwarded; when neither, the last mailbox's failure is the recipient's. Mail for
 * {@code user+tag} may go into the folder {@code tag} of the user's mailbox (as Dovecot's
 * {@code lmtp_save_to_detail_mailbox}).
 */
public final class ResolvingStore implements MailboxStore {
    private final RecipientResolver resolver;
    private final MailboxStore mailboxes;
    private final boolean tagFolders;
    private final Forwarding forwarding;

    /** Forwards with the original sender and content ({@link Forwarding#KEEP_SENDER}). */
    public ResolvingStore(RecipientResolver resolver, MailboxStore mailboxes, boolean tagFolders) {
        this(resolver, mailboxes, tagFolders, Forwarding.KEEP_SENDER);
    }

    /**
     * @param mailboxes stores into one mailbox, named by the delivery's recipient: our Maildirs, or Dovecot over LMTP
     * @param tagFolders whether mail for {@code user+tag} goes into the folder {@code tag}, made when missing, instead of the INBOX
     * @param forwarding makes the message that goes to the remote targets
     */
    public ResolvingStore(RecipientResolver resolver, MailboxStore mailboxes, boolean tagFolders, Forwarding forwarding) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.mailboxes = Objects.requireNonNull(mailboxes, "mailboxes");
        this.tagFolders = tagFolders;
        this.forwarding = Objects.requireNonNull(forwarding, "forwarding");
    }

    @Override
    public DeliveryResult deliver(LocalDelivery delivery, MessageContent content) throws IOException {
        return deliver(delivery, INBOX, content);
    }

    @Override
    public boolean findsEarlierCopies() {
        return mailboxes.findsEarlierCopies();
    }

    /**
     * Mail for the INBOX of {@code user+tag} goes to the folder {@code tag} when so configured and the tag
     * can name a folder; mail for another folder (such as {@link #JUNK}) stays there.
     *
     * @throws IOException when the store fails for a mailbox, or the forward cannot be made; the retry finds the copies
     *     stored before this failure
     */
    @Override
    public DeliveryResult deliver(LocalDelivery delivery, String folder, MessageContent content) throws IOException {
        Resolution resolution = resolver.resolve(delivery.recipient());
        if (!resolution.found()) {
            return resolution.failure();
        }
        List<String> stored = new ArrayList<>();
        List<OutgoingMessage> followUps = new ArrayList<>();
        DeliveryResult failure = resolution.failure();
        String target = folder.equals(INBOX) ? resolution.tag().filter(tag -> tagFolders && MaildirStore.isFolderName(tag)).orElse(INBOX) : folder;
        for (MailAddress mailbox : resolution.mailboxes()) {
            DeliveryResult result = mailboxes.deliver(delivery.to(mailbox), target, content);
            if (result.outcome() == DeliveryResult.Outcome.DELIVERED) {
                stored.add(mailbox.equals(delivery.recipient()) ? result.detail() : mailbox.asString() + ": " + result.detail());
                followUps.addAll(result.followUps());
            } else {
                failure = result;
            }
        }
        if (!resolution.remoteTargets().isEmpty()) {
            followUps.add(forwarding.forward(delivery, resolution.remoteTargets(), content));
            List<String> targets = resolution.remoteTargets().stream().map(remote -> "<" + remote.asString() + ">").toList();
            stored.add("forwarded to " + String.join(", ", targets));
        }
        return stored.isEmpty() ? failure : DeliveryResult.delivered(String.join(", ", stored), followUps);
    }
}
