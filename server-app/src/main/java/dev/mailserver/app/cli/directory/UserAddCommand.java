package dev.mailserver.app.cli.directory;

import java.io.IOException;
import java.util.concurrent.Callable;

import org.apache.james.core.MailAddress;

import dev.mailserver.app.cli.CommandFailure;
import dev.mailserver.app.cli.ConfigOption;
import dev.mailserver.app.cli.LocalAddress;
import dev.mailserver.app.cli.PasswordOption;
import dev.mailserver.app.config.ServerConfig;
import dev.mailserver.storage.users.UserAccounts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code mailserver user add ADDRESS}: adds a user to the users file in the data directory. Works
 * whether or not the server runs; a running server lets the user log in at once.
 */
@Command(name = "add", mixinStandardHelpOptions = true,
    description = "Add a user who may log in (SMTP AUTH) and send as ADDRESS; ADDRESS is also a local mailbox. "
        + "Without --password, the password is read from the first line of standard input.")
final class UserAddCommand implements Callable<Integer> {
    @Mixin
    private ConfigOption configOption;

    @Mixin
    private PasswordOption passwordOption;

    @Parameters(paramLabel = "ADDRESS", description = "the user's mail address, in one of the local domains")
    private String address;

    @Override
    public Integer call() throws IOException {
        ServerConfig config = configOption.load();
        MailAddress user = LocalAddress.parse(address, config);
        String password = passwordOption.read();
        CommandFailure.unlessRefused(() -> UserAccounts.open(config.usersFile()).add(user, password));
        System.out.println("Added user " + user.asString() + " to " + config.usersFile());
        return 0;
    }
}
