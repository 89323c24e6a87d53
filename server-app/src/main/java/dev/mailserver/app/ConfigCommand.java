package dev.mailserver.app;

import picocli.CommandLine.Command;

/** {@code mailserver config ...}: the configuration file. */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Work with the configuration file.",
    subcommands = {ConfigCheckCommand.class})
final class ConfigCommand extends CommandGroup {
}
