package dev.mailserver.app.cli.sieve;

import java.io.IOException;

import org.apache.james.core.MailAddress;

import picocli.CommandLine.Command;

import dev.mailserver.app.cli.CommandFailure;
import dev.mailserver.storage.sieve.SieveScripts;

/** {@code mailserver sieve activate USER NAME}. */
@Command(name = "activate", mixinStandardHelpOptions = true, description = "Make USER's script NAME the one that filters their mail.")
final class SieveActivateCommand extends SieveScriptCommand {
    @Override
    void run(SieveScripts scripts, MailAddress user, String name) throws IOException {
        CommandFailure.unlessRefused(() -> scripts.activate(user, name));
        System.out.println("Activated script " + name + " for " + user.asString());
    }
}
