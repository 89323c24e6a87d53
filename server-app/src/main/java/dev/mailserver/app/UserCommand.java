package dev.mailserver.app;

import picocli.CommandLine.Command;

/** {@code mailserver user ...}: the users who may log in to submit mail. */
@Command(name = "user", mixinStandardHelpOptions = true, description = "Manage the users who may log in to submit mail.",
    subcommands = {UserAddCommand.class, UserPasswdCommand.class, UserListCommand.class, UserRemoveCommand.class})
final class UserCommand extends CommandGroup {
}
