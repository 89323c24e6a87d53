package dev.mailserver.app.cli;

import picocli.CommandLine.Command;

/** {@code mailserver config ...}: the configuration file. */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Work with the configuration file.",
    subcommands = {ConfigCheckCommand.class})
public final class ConfigCommand extends CommandGroup {
}
