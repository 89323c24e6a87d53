package dev.mailserver.app.cli.sieve;

import java.io.IOException;

import org.apache.james.core.MailAddress;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import dev.mailserver.app.cli.CommandFailure;
import dev.mailserver.app.cli.ConfigOption;
import dev.mailserver.app.cli.LocalAddress;
import dev.mailserver.app.config.ServerConfig;
import dev.mailserver.storage.sieve.SieveScripts;

/** The {@code USER} argument of the {@code sieve} commands, with the configuration it is checked against: a local mailbox. */
final class SieveUser {
    @Mixin
    private ConfigOption configOption;

    @Parameters(index = "0", paramLabel = "USER", description = "the mailbox whose scripts these are: a user or one of mailserver.mailboxes")
    private String user;

    private ServerConfig config;

    /** @throws CommandFailure when USER is not a mailbox of this server */
    MailAddress address() throws IOException {
        ServerConfig loaded = config();
        MailAddress address = LocalAddress.parse(user, loaded);
        if (!LocalAddress.isMailbox(address, loaded)) {
            throw CommandFailure.badInput(address.asString() + " is not a mailbox: neither a user (mailserver user add) nor in mailserver.mailboxes");
        }
        return address;
    }

    SieveScripts scripts() {
        return new SieveScripts(config().sieveDir());
    }

    private ServerConfig config() {
        if (config == null) {
            config = configOption.load();
        }
        return config;
    }

    /** @throws CommandFailure when NAME is not a script name */
    static String checkedName(String name) {
        if (!SieveScripts.isScriptName(name)) {
            throw CommandFailure.badInput("'" + name + "' is not a script name: letters, digits, '.', '-' and '_', at most 64, not starting with '.'");
        }
        return name;
    }
}
