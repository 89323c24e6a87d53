package dev.mailserver.app.cli.directory;

import picocli.CommandLine.Command;

import dev.mailserver.app.cli.CommandGroup;

/** {@code mailserver quota ...}: per-user and per-domain mailbox limits. */
@Command(name = "quota", mixinStandardHelpOptions = true,
    description = "Manage the quota limits kept in <data-dir>/quotas, per user (user@domain) or for a domain's users (@domain); "
        + "others have mailserver.delivery.local.quota. A running server sees changes at once.",
    subcommands = {QuotaSetCommand.class, QuotaListCommand.class, QuotaRemoveCommand.class})
public final class QuotaCommand extends CommandGroup {
}
