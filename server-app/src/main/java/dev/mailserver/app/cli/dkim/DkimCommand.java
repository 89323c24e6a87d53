package dev.mailserver.app.cli.dkim;

import picocli.CommandLine.Command;

import dev.mailserver.app.cli.CommandGroup;

/** {@code mailserver dkim ...}: the DKIM signing keys kept in {@code <data-dir>/dkim}. */
@Command(name = "dkim", mixinStandardHelpOptions = true,
    description = "Manage the DKIM signing keys kept in <data-dir>/dkim/<domain>/<selector>.key.",
    subcommands = {DkimKeygenCommand.class, DkimCheckCommand.class})
public final class DkimCommand extends CommandGroup {
}
