package dev.mailserver.app.config;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.Optional;

import dev.mailserver.storage.directory.AddressingRules;
import dev.mailserver.storage.maildir.MailboxPermissions;
import dev.mailserver.storage.quota.QuotaLimits;

/**
 * The {@code mailserver.delivery.local} settings in effect, read and checked by {@link LocalDeliveryConfigLoader}.
 *
 * @param addressing plus-addressing and where postmaster@ and abuse@ of every local domain go
 * @param tagFolders whether mail for user+tag goes into the mailbox's folder tag
 * @param permissions owner, group and modes of the mailboxes' directories and files
 * @param defaultQuota the limits of mailboxes without their own or their domain's in {@code <data-dir>/quotas}
 * @param quotaWarningPercent the share of a limit past which the user is warned
 * @param lmtp where mail is handed over by LMTP (TCP or unix socket) instead of being written into our Maildirs
 * @param lmtpTimeout how long one LMTP transaction may take
 * @param fileSystemSync whether a Maildir delivery is made durable by syncs of the mail's file system shared by
 *     concurrent deliveries ({@link dev.mailserver.storage.maildir.MaildirSync#fileSystem}) instead of an fsync per file
 */
public record LocalDeliveryConfig(AddressingRules addressing, boolean tagFolders, MailboxPermissions permissions,
                                  QuotaLimits defaultQuota, int quotaWarningPercent, Optional<SocketAddress> lmtp, Duration lmtpTimeout,
                                  boolean fileSystemSync) {
}
