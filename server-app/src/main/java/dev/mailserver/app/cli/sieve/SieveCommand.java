package dev.mailserver.app.cli.sieve;

import picocli.CommandLine.Command;

import dev.mailserver.app.cli.CommandGroup;

/** {@code mailserver sieve ...}: the users' Sieve filters. */
@Command(name = "sieve", mixinStandardHelpOptions = true,
    description = "Manage the users' Sieve scripts (RFC 5228), kept in <data-dir>/sieve/<domain>/<user>/: the active one filters "
        + "the user's mail at delivery into our Maildirs. A running server sees changes at once. See docs/sieve.md.",
    subcommands = {SievePutCommand.class, SieveGetCommand.class, SieveListCommand.class, SieveActivateCommand.class, SieveRemoveCommand.class})
public final class SieveCommand extends CommandGroup {
}
