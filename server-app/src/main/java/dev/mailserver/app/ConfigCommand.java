package dev.mailserver.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code mailserver config ...}: the configuration file. */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Work with the configuration file.",
    subcommands = {ConfigCheckCommand.class})
final class ConfigCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand, e.g. `config check FILE`");
    }
}
