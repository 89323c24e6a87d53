package dev.mailserver.app.cli.sieve;

import java.io.IOException;
import java.util.concurrent.Callable;

import org.apache.james.core.MailAddress;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import dev.mailserver.app.cli.CommandFailure;

/** {@code mailserver sieve activate USER NAME}. */
@Command(name = "activate", mixinStandardHelpOptions = true, description = "Make USER's script NAME the one that filters their mail.")
final class SieveActivateCommand implements Callable<Integer> {
    @Mixin
    private SieveUser sieveUser;

    @Parameters(index = "1", paramLabel = "NAME", description = "the script's name")
    private String name;

    @Override
    public Integer call() throws IOException {
        MailAddress user = sieveUser.address();
        String checked = SieveUser.checkedName(name);
        CommandFailure.unlessRefused(() -> sieveUser.scripts().activate(user, checked));
        System.out.println("Activated script " + checked + " for " + user.asString());
        return 0;
    }
}
