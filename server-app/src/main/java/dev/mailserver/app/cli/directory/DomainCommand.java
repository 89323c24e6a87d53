package dev.mailserver.app.cli.directory;

import picocli.CommandLine.Command;

import dev.mailserver.app.cli.CommandGroup;

/** {@code mailserver domain ...}: local domains besides those of the configuration. */
@Command(name = "domain", mixinStandardHelpOptions = true,
    description = "Manage the local domains kept in <data-dir>/domains, besides mailserver.domains; a running server sees changes at once.",
    subcommands = {DomainAddCommand.class, DomainListCommand.class, DomainRemoveCommand.class, DomainAliasCommand.class})
public final class DomainCommand extends CommandGroup {
}
