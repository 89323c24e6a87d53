package dev.mailserver.app.cli.sieve;

import java.io.IOException;
import java.util.concurrent.Callable;

import org.apache.james.core.MailAddress;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import dev.mailserver.app.cli.CommandFailure;

/** {@code mailserver sieve remove USER NAME}. */
@Command(name = "remove", mixinStandardHelpOptions = true,
    description = "Remove USER's script NAME. When it was the active one, USER's mail is no longer filtered.")
final class SieveRemoveCommand implements Callable<Integer> {
    @Mixin
    private SieveUser sieveUser;

    @Parameters(index = "1", paramLabel = "NAME", description = "the script's name")
    private String name;

    @Override
    public Integer call() throws IOException {
        MailAddress user = sieveUser.address();
        String checked = SieveUser.checkedName(name);
        boolean wasActive;
        try {
            wasActive = sieveUser.scripts().remove(user, checked);
        } catch (IllegalArgumentException e) {
            throw CommandFailure.failed(e.getMessage());
        }
        System.out.println("Removed script " + checked + " of " + user.asString() + (wasActive ? "; no script is active now" : ""));
        return 0;
    }
}
