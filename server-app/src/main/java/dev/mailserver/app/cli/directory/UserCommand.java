package dev.mailserver.app.cli.directory;

import picocli.CommandLine.Command;

import dev.mailserver.app.cli.CommandGroup;

/** {@code mailserver user ...}: the users who may log in to submit mail. */
@Command(name = "user", mixinStandardHelpOptions = true, description = "Manage the users who may log in to submit mail.",
    subcommands = {UserAddCommand.class, UserPasswdCommand.class, UserListCommand.class, UserRemoveCommand.class})
public final class UserCommand extends CommandGroup {
}
