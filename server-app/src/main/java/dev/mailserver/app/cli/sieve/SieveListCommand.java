package dev.mailserver.app.cli.sieve;

import java.io.IOException;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code mailserver sieve list USER}: one name a line, the active one marked. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List USER's scripts, one a line; the active one ends with ' (active)'.")
final class SieveListCommand implements Callable<Integer> {
    @Mixin
    private SieveUser sieveUser;

    @Override
    public Integer call() throws IOException {
        sieveUser.scripts().list(sieveUser.address())
            .forEach(script -> System.out.println(script.name() + (script.active() ? " (active)" : "")));
        return 0;
    }
}
