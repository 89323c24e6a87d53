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

/** {@code mailserver user passwd ADDRESS}: a new password; a running server accepts only the new one at once. */
@Command(name = "passwd", mixinStandardHelpOptions = true,
    description = "Change a user's password. Without --password, it is read from the first line of standard input.")
final class UserPasswdCommand implements Callable<Integer> {
    @Mixin
    private ConfigOption configOption;

    @Mixin
    private PasswordOption passwordOption;

    @Parameters(paramLabel = "ADDRESS", description = "the user's mail address")
    private String address;

    @Override
    public Integer call() throws IOException {
        ServerConfig config = configOption.load();
        MailAddress user = LocalAddress.parseAny(address);
        String password = passwordOption.read();
        CommandFailure.unlessRefused(() -> UserAccounts.open(config.usersFile()).changePassword(user, password));
        System.out.println("Changed the password of " + user.asString());
        return 0;
    }
}
