package dev.mailserver.app.cli.sieve;

import java.io.IOException;

import org.apache.james.core.MailAddress;

import picocli.CommandLine.Command;

import dev.mailserver.app.cli.CommandFailure;
import dev.mailserver.storage.sieve.SieveScripts;

/** {@code mailserver sieve get USER NAME}: prints the script as stored. */
@Command(name = "get", mixinStandardHelpOptions = true, description = "Print USER's script NAME.")
final class SieveGetCommand extends SieveScriptCommand {
    @Override
    void run(SieveScripts scripts, MailAddress user, String name) throws IOException {
        String text = scripts.get(user, name).orElseThrow(() -> CommandFailure.failed("no script " + name + " for " + user.asString()));
        System.out.print(text);
    }
}
