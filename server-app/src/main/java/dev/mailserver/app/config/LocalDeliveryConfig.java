package dev.mailserver.app.config;

import dev.mailserver.storage.AddressingRules;
import dev.mailserver.storage.MailboxPermissions;
import dev.mailserver.storage.QuotaLimits;

/**
 * The {@code mailserver.delivery.local} settings in effect, read and checked by {@link LocalDeliveryConfigLoader}.
 *
 * @param addressing plus-addressing and where postmaster@ and abuse@ of every local domain go
 * @param tagFolders whether mail for user+tag goes into the mailbox's folder tag
 * @param permissions owner, group and modes of the mailboxes' directories and files
 * @param defaultQuota the limits of mailboxes without their own or their domain's in {@code <data-dir>/quotas}
 * @param quotaWarningPercent the share of a limit past which the user is warned
 */
public record LocalDeliveryConfig(AddressingRules addressing, boolean tagFolders, MailboxPermissions permissions,
                                  QuotaLimits defaultQuota, int quotaWarningPercent) {
}
