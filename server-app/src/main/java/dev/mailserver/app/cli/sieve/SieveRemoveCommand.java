package dev.mailserver.app.cli.sieve;

import java.io.IOException;

import org.apache.james.core.MailAddress;

import picocli.CommandLine.Command;

import dev.mailserver.app.cli.CommandFailure;
import dev.mailserver.storage.sieve.SieveScripts;

/** {@code mailserver sieve remove USER NAME}. */
@Command(name = "remove", mixinStandardHelpOptions = true,
    description = "Remove USER's script NAME. When it was the active one, USER's mail is no longer filtered.")
final class SieveRemoveCommand extends SieveScriptCommand {
    @Override
    void run(SieveScripts scripts, MailAddress user, String name) throws IOException {
        boolean wasActive;
        try {
            wasActive = scripts.remove(user, name);
        } catch (IllegalArgumentException e) {
            throw CommandFailure.failed(e.getMessage());
        }
        System.out.println("Removed script " + name + " of " + user.asString() + (wasActive ? "; no script is active now" : ""));
    }
}
