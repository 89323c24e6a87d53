package dev.mailserver.app.cli.directory;

import java.io.IOException;
import java.util.concurrent.Callable;

import dev.mailserver.app.cli.ConfigOption;
import dev.mailserver.storage.users.UserAccounts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code mailserver user list}: one address a line, sorted, for scripts. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the users, one address a line.")
final class UserListCommand implements Callable<Integer> {
    @Mixin
    private ConfigOption configOption;

    @Override
    public Integer call() throws IOException {
        UserAccounts.open(configOption.load().usersFile()).addresses().forEach(System.out::println);
        return 0;
    }
}
