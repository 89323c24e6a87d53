package dev.mailserver.app.cli.sieve;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.apache.james.core.MailAddress;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import dev.mailserver.app.cli.CommandFailure;
import dev.mailserver.storage.sieve.InvalidScriptException;

/** {@code mailserver sieve put USER NAME FILE|-}. */
@Command(name = "put", mixinStandardHelpOptions = true,
    description = "Store a Sieve script for USER under NAME, replacing one of that name. A broken script is refused with its line "
        + "and reason. The first script stored is made active; activate another with 'mailserver sieve activate'.")
final class SievePutCommand implements Callable<Integer> {
    @Mixin
    private SieveUser sieveUser;

    @Parameters(index = "1", paramLabel = "NAME", description = "the script's name")
    private String name;

    @Parameters(index = "2", paramLabel = "FILE", description = "the script file, or - for standard input")
    private String file;

    @Override
    public Integer call() throws IOException {
        MailAddress user = sieveUser.address();
        String checked = SieveUser.checkedName(name);
        String text = read();
        boolean first = sieveUser.scripts().list(user).isEmpty();
        try {
            sieveUser.scripts().put(user, checked, text);
        } catch (InvalidScriptException e) {
            throw CommandFailure.badInput("script " + checked + " refused: " + e.getMessage());
        }
        if (first) {
            sieveUser.scripts().activate(user, checked);
        }
        System.out.println("Stored script " + checked + " for " + user.asString() + (first ? " (active)" : ""));
        return 0;
    }

    private String read() throws IOException {
        if (file.equals("-")) {
            return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw CommandFailure.badInput("no such file: " + file);
        }
    }
}
