package dev.mailserver.storage.maildir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.james.core.MailAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailserver.core.DeliveryResult;
import dev.mailserver.core.InternationalAddresses;
import dev.mailserver.core.MessageContent;
import dev.mailserver.core.directory.RecipientDirectory;
import dev.mailserver.core.mailbox.LocalDelivery;
import dev.mailserver.core.mailbox.MailboxStore;
import dev.mailserver.storage.quota.MailboxQuota;
import dev.mailserver.storage.quota.QuotaWarning;

/**
 * Delivers into one Maildir per mailbox, at {@code <root>/<domain>/<local part>/}, both lowercased.
 * Missing Maildirs are created on first delivery. Each copy starts with {@code Return-Path:} and
 * {@code Delivered-To:} (see {@link TraceHeaders}) and is named after its queue id (see {@link MaildirFileNames}),
 * so that a delivery that {@linkplain LocalDelivery#maybeRepeated() may repeat} an earlier one finds the copy
 * made then instead of storing a second one. A message that was delivered to the mailbox before, by
 * its {@code Delivered-To:}, is a loop and fails with {@code 5.4.6}. Mail may go to a Maildir++ folder of the
 * mailbox ({@code .<folder>/} inside it), made on first use. Safe for concurrent use.
 */
public final class MaildirStore implements MailboxStore {
    private static final Logger LOG = LoggerFactory.getLogger(MaildirStore.class);

    private final Path root;
    private final RecipientDirectory directory;
    private final MailboxPermissions permissions;
    private final MailboxQuota quota;
    private final MaildirFileNames fileNames = MaildirFileNames.forLocalHost();
    private final MaildirSync sync;

    public MaildirStore(Path root, RecipientDirectory directory) {
        this(root, directory, MailboxPermissions.DEFAULT, MailboxQuota.NONE, MaildirSync.perFile());
    }

    /**
     * @param permissions given to the directories made under {@code root} and to each message file
     * @param quota what each mailbox may hold
     * @param sync how each delivery is made durable
     */
    public MaildirStore(Path root, RecipientDirectory directory, MailboxPermissions permissions, MailboxQuota quota, MaildirSync sync) {
        this.root = Objects.requireNonNull(root, "root");
        this.directory = Objects.requireNonNull(directory, "directory");
        this.permissions = Objects.requireNonNull(permissions, "permissions");
        this.quota = Objects.requireNonNull(quota, "quota");
        this.sync = Objects.requireNonNull(sync, "sync");
    }

    /** Into the mailbox's INBOX. */
    @Override
    public DeliveryResult deliver(LocalDelivery delivery, MessageContent content) throws IOException {
        return deliver(delivery, INBOX, content);
    }

    /**
     * Into the mailbox's Maildir++ folder of that name, made when missing.
     *
     * @param folder {@link #INBOX}, or a name that {@link #isFolderName} accepts
     */
    @Override
    public DeliveryResult deliver(LocalDelivery delivery, String folder, MessageContent content) throws IOException {
        return deliver(delivery, folder, "", content);
    }

    /** A repeated delivery looks for the file name that the queue id and recipient give (see {@link MaildirFileNames}). */
    @Override
    public boolean findsEarlierCopies() {
        return true;
    }

    /**
     * Into the folder as {@link #deliver(LocalDelivery, String, MessageContent)}, with Maildir flags: a message
     * with flags is stored in cur/ as seen by a mail reader (a Sieve {@code addflag "\\Seen"}).
     *
     * @param flags Maildir info flags ({@code S}, {@code F}, {@code R}, {@code T}, {@code D}) in ASCII order; empty for none
     */
    public DeliveryResult deliver(LocalDelivery delivery, String folder, String flags, MessageContent content) throws IOException {
        MailAddress recipient = delivery.recipient();
        String domain = recipient.getDomain().asString();
        String localPart = InternationalAddresses.mailboxName(recipient).toLowerCase(Locale.ROOT);
        if (!PathComponents.isSafe(domain) || !PathComponents.isSafe(localPart)) {
            return DeliveryResult.permanentFailure("5.1.3", "recipient address cannot name a mailbox directory");
        }
        if (!directory.hasMailbox(recipient)) {
            return DeliveryResult.permanentFailure("5.1.1", "no such mailbox: " + recipient.asString());
        }
        if (TraceHeaders.alreadyDeliveredTo(content, recipient)) {
            return DeliveryResult.permanentFailure("5.4.6", "mail loop: the message was delivered to " + recipient.asString() + " before");
        }
        Path mailbox = MaildirMessages.mailboxDirectory(root, recipient);
        DurableDirectories.Created made = created -> {
            if (created.startsWith(root)) {
                permissions.applyToDirectory(created);
            }
        };
        Maildir maildir = folder.equals(INBOX)
            ? Maildir.inbox(mailbox, permissions, made, sync)
            : Maildir.folder(mailbox, folder, permissions, made, sync);
        if (delivery.maybeRepeated()) {
            Optional<Path> earlier = maildir.find(MaildirFileNames.queueIdPart(delivery));
            if (earlier.isPresent()) {
                LOG.info("{}: already stored for {} as {}; not stored again", delivery.queueId(), recipient.asString(), earlier.get());
                return DeliveryResult.delivered("stored before as " + root.relativize(earlier.get()));
            }
        }
        MessageContent traced = TraceHeaders.prepend(delivery.sender(), recipient, content);
        Optional<ReentrantLock> counting = quota.counts(recipient) ? Optional.of(quota.lockFor(mailbox)) : Optional.empty();
        counting.ifPresent(ReentrantLock::lock);
        Path delivered;
        try {
            MailboxQuota.Check check = quota.check(mailbox, recipient, traced.size(), permissions);
            Optional<DeliveryResult> full = check.refusal();
            if (full.isPresent()) {
                return full.get();
            }
            delivered = maildir.deliver(traced, fileNames.name(delivery, traced.size()), flags);
            if (quota.stored(mailbox, check, permissions)) {
                warn(delivery, mailbox, check, made);
            }
        } finally {
            counting.ifPresent(ReentrantLock::unlock);
        }
        LOG.debug("Delivered {} bytes for {} to {}", traced.size(), recipient.asString(), delivered);
        return DeliveryResult.delivered("stored as " + root.relativize(delivered));
    }

    private void warn(LocalDelivery delivery, Path mailbox, MailboxQuota.Check check, DurableDirectories.Created made) throws IOException {
        MailAddress recipient = delivery.recipient();
        MessageContent warning = QuotaWarning.compose(recipient, check.describe(), quota.warningPercent(), ZonedDateTime.now());
        Path warned = Maildir.inbox(mailbox, permissions, made, sync).deliver(warning, fileNames.warningName(delivery, warning.size()));
        MaildirSize.add(mailbox, check.limits(), permissions, warning.size(), 1);
        LOG.info("{}: {} is past {}% of its quota ({}); warning stored as {}", delivery.queueId(), recipient.asString(),
            quota.warningPercent(), check.describe(), root.relativize(warned));
    }

    /** Whether the mailbox has a folder of that name already; it always has its {@link #INBOX}. */
    public boolean hasFolder(MailAddress mailbox, String folder) {
        return folder.equals(INBOX) || isFolderName(folder) && Files.isDirectory(MaildirMessages.mailboxDirectory(root, mailbox).resolve("." + folder));
    }

    /** Whether mail can be filed into a folder of this name (letters, digits, {@code -}, {@code _}). */
    public static boolean isFolderName(String name) {
        return Maildir.isFolderName(name);
    }
}
