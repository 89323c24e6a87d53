package dev.mailserver.app.cli.sieve;

import java.io.IOException;
import java.util.concurrent.Callable;

import org.apache.james.core.MailAddress;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import dev.mailserver.app.cli.CommandFailure;

/** {@code mailserver sieve get USER NAME}: prints the script as stored. */
@Command(name = "get", mixinStandardHelpOptions = true, description = "Print USER's script NAME.")
final class SieveGetCommand implements Callable<Integer> {
    @Mixin
    private SieveUser sieveUser;

    @Parameters(index = "1", paramLabel = "NAME", description = "the script's name")
    private String name;

    @Override
    public Integer call() throws IOException {
        MailAddress user = sieveUser.address();
        String text = sieveUser.scripts().get(user, SieveUser.checkedName(name))
            .orElseThrow(() -> CommandFailure.failed("no script " + name + " for " + user.asString()));
        System.out.print(text);
        return 0;
    }
}
