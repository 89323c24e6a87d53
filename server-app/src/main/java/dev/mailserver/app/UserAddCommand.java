package dev.mailserver.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;

import com.typesafe.config.ConfigException;

import dev.mailserver.storage.UserAccounts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mailserver user add ADDRESS}: adds a user to the users file in the data directory. Works
 * whether or not the server runs; a running server lets the user log in at once.
 */
@Command(name = "add", mixinStandardHelpOptions = true,
    description = "Add a user who may log in (SMTP AUTH) and send as ADDRESS; ADDRESS is also a local mailbox. "
        + "Without --password, the password is read from the first line of standard input.")
final class UserAddCommand implements Callable<Integer> {
    static final int EXIT_FAILED = 1;
    static final int EXIT_BAD_INPUT = 2;

    @Mixin
    private ConfigOption configOption;

    @Parameters(paramLabel = "ADDRESS", description = "the user's mail address, in one of the local domains")
    private String address;

    @Option(names = "--password", paramLabel = "PASSWORD", description = "the password (visible to other local users in the process list; prefer standard input)")
    private String password;

    @Override
    public Integer call() throws IOException {
        ServerConfig config;
        MailAddress user;
        try {
            config = configOption.load();
            user = new MailAddress(address);
        } catch (ConfigException e) {
            System.err.println("mailserver: bad configuration: " + e.getMessage());
            return EXIT_BAD_INPUT;
        } catch (AddressException e) {
            System.err.println("mailserver: '" + address + "' is not a mail address: " + e.getMessage());
            return EXIT_BAD_INPUT;
        }
        if (!config.domains().contains(user.getDomain())) {
            System.err.println("mailserver: " + user.getDomain().asString() + " is not one of this server's domains "
                + config.domains().stream().map(domain -> domain.asString()).toList() + " (mailserver.domains)");
            return EXIT_BAD_INPUT;
        }
        String secret = password != null ? password : readPasswordFromStdin();
        if (secret == null || secret.isEmpty()) {
            System.err.println("mailserver: no password given (use --password or standard input)");
            return EXIT_BAD_INPUT;
        }
        try {
            UserAccounts.open(config.usersFile()).add(user, secret);
        } catch (IllegalArgumentException e) {
            System.err.println("mailserver: " + e.getMessage());
            return EXIT_FAILED;
        }
        System.out.println("Added user " + user.asString() + " to " + config.usersFile());
        return 0;
    }

    private static String readPasswordFromStdin() throws IOException {
        return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    }
}
