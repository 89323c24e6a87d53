package dev.mailserver.app.cli.sieve;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.apache.james.core.MailAddress;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import dev.mailserver.app.cli.CommandFailure;
import dev.mailserver.storage.sieve.InvalidScriptException;
import dev.mailserver.storage.sieve.SieveScripts;

/** {@code mailserver sieve put USER NAME FILE|-}. */
@Command(name = "put", mixinStandardHelpOptions = true,
    description = "Store a Sieve script for USER under NAME, replacing one of that name. A broken script is refused with its line "
        + "and reason. The first script stored is made active; activate another with 'mailserver sieve activate'.")
final class SievePutCommand extends SieveScriptCommand {
    @Parameters(index = "2", paramLabel = "FILE", description = "the script file, or - for standard input")
    private String file;

    @Override
    void run(SieveScripts scripts, MailAddress user, String name) throws IOException {
        String text = read();
        boolean first = scripts.list(user).isEmpty();
        try {
            scripts.put(user, name, text);
        } catch (InvalidScriptException e) {
            throw CommandFailure.badInput("script " + name + " refused: " + e.getMessage());
        }
        if (first) {
            scripts.activate(user, name);
        }
        System.out.println("Stored script " + name + " for " + user.asString() + (first ? " (active)" : ""));
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
