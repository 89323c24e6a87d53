package dev.mailserver.app.cli.directory;

import java.io.IOException;
import java.util.concurrent.Callable;

import org.apache.james.core.MailAddress;

import dev.mailserver.app.cli.CommandFailure;
import dev.mailserver.app.cli.ConfigOption;
import dev.mailserver.app.cli.LocalAddress;
import dev.mailserver.app.config.ServerConfig;
import dev.mailserver.storage.users.UserAccounts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code mailserver user remove ADDRESS}: the user can no longer log in; their Maildir is kept. */
@Command(name = "remove", mixinStandardHelpOptions = true,
    description = "Remove a user: a running server refuses their login and their address at once. Their Maildir is kept.")
final class UserRemoveCommand implements Callable<Integer> {
    @Mixin
    private ConfigOption configOption;

    @Parameters(paramLabel = "ADDRESS", description = "the user's mail address")
    private String address;

    @Override
    public Integer call() throws IOException {
        ServerConfig config = configOption.load();
        MailAddress user = LocalAddress.parseAny(address);
        CommandFailure.unlessRefused(() -> UserAccounts.open(config.usersFile()).remove(user));
        System.out.println("Removed user " + user.asString() + "; their Maildir is kept");
        return 0;
    }
}
