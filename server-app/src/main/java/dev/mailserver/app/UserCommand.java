package dev.mailserver.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code mailserver user ...}: the users who may log in to submit mail. */
@Command(name = "user", mixinStandardHelpOptions = true, description = "Manage the users who may log in to submit mail.",
    subcommands = {UserAddCommand.class, UserPasswdCommand.class, UserListCommand.class, UserRemoveCommand.class})
final class UserCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand, e.g. `user add`");
    }
}
