package dev.mailserver.app.cli.directory;

import picocli.CommandLine.Command;

import dev.mailserver.app.cli.CommandGroup;

/** {@code mailserver alias ...}: addresses whose mail goes to other local mailboxes. */
@Command(name = "alias", mixinStandardHelpOptions = true,
    description = "Manage the aliases kept in <data-dir>/aliases: mail for an alias goes to its targets' mailboxes. "
        + "A running server sees changes at once.",
    subcommands = {AliasAddCommand.class, AliasListCommand.class, AliasRemoveCommand.class})
public final class AliasCommand extends CommandGroup {
}
