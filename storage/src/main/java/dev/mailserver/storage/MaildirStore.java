package dev.mailserver.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

import org.apache.james.core.MailAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailserver.core.DeliveryResult;
import dev.mailserver.core.InternationalAddresses;
import dev.mailserver.core.MessageContent;
import dev.mailserver.core.directory.RecipientDirectory;
import dev.mailserver.core.mailbox.MailboxStore;

/**
 * Delivers into one Maildir per mailbox, at {@code <root>/<domain>/<local part>/}, both lowercased.
 * Missing Maildirs are created on first delivery. Safe for concurrent use.
 */
public final class MaildirStore implements MailboxStore {
    private static final Logger LOG = LoggerFactory.getLogger(MaildirStore.class);

    private final Path root;
    private final RecipientDirectory directory;
    private final MaildirFileNames fileNames = MaildirFileNames.forLocalHost();

    public MaildirStore(Path root, RecipientDirectory directory) {
        this.root = Objects.requireNonNull(root, "root");
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    @Override
    public DeliveryResult deliver(MailAddress recipient, MessageContent content) throws IOException {
        String domain = recipient.getDomain().asString();
        String localPart = InternationalAddresses.mailboxName(recipient).toLowerCase(Locale.ROOT);
        if (!PathComponents.isSafe(domain) || !PathComponents.isSafe(localPart)) {
            return DeliveryResult.permanentFailure("5.1.3", "recipient address cannot name a mailbox directory");
        }
        if (!directory.hasMailbox(recipient)) {
            return DeliveryResult.permanentFailure("5.1.1", "no such mailbox: " + recipient.asString());
        }
        Path delivered = new Maildir(root.resolve(domain).resolve(localPart)).deliver(content, fileNames);
        LOG.debug("Delivered {} bytes for {} to {}", content.size(), recipient.asString(), delivered);
        return DeliveryResult.delivered("stored as " + root.relativize(delivered));
    }
}
