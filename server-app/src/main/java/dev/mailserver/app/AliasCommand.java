package dev.mailserver.app;

import picocli.CommandLine.Command;

/** {@code mailserver alias ...}: addresses whose mail goes to other local mailboxes. */
@Command(name = "alias", mixinStandardHelpOptions = true,
    description = "Manage the aliases kept in <data-dir>/aliases: mail for an alias goes to its targets' mailboxes. "
        + "A running server sees changes at once.",
    subcommands = {AliasAddCommand.class, AliasListCommand.class, AliasRemoveCommand.class})
final class AliasCommand extends CommandGroup {
}
