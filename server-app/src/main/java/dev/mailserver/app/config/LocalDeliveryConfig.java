package dev.mailserver.app.config;

import dev.mailserver.storage.AddressingRules;
import dev.mailserver.storage.MailboxPermissions;

/**
 * The {@code mailserver.delivery.local} settings in effect, read and checked by {@link LocalDeliveryConfigLoader}.
 *
 * @param addressing plus-addressing and where postmaster@ and abuse@ of every local domain go
 * @param tagFolders whether mail for user+tag goes into the mailbox's folder tag
 * @param permissions owner, group and modes of the mailboxes' directories and files
 */
public record LocalDeliveryConfig(AddressingRules addressing, boolean tagFolders, MailboxPermissions permissions) {
}
