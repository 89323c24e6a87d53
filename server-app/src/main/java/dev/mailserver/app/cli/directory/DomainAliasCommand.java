package dev.mailserver.app.cli.directory;

import picocli.CommandLine.Command;

import dev.mailserver.app.cli.CommandGroup;

/** {@code mailserver domain alias ...}: domains whose addresses are those of another local domain. */
@Command(name = "alias", mixinStandardHelpOptions = true,
    description = "Manage the domain aliases kept in <data-dir>/domain-aliases: mail for user@ALIAS is mail for user@DOMAIN; "
        + "a running server sees changes at once.",
    subcommands = {DomainAliasAddCommand.class, DomainAliasListCommand.class, DomainAliasRemoveCommand.class})
final class DomainAliasCommand extends CommandGroup {
}
