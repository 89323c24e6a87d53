package dev.mailserver.app.cli;

import java.io.IOException;

import javax.mail.internet.AddressException;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;

import dev.mailserver.app.config.ServerConfig;
import dev.mailserver.core.InternationalAddresses;
import dev.mailserver.storage.LocalDomains;

/** An address given on the command line that must be in one of the configured local domains. */
public final class LocalAddress {
    private LocalAddress() {
    }

    /** @throws CommandFailure when it is not a mail address or not in a local domain */
    public static MailAddress parse(String text, ServerConfig config) throws IOException {
        MailAddress address = parseAny(text);
        if (!config.domains().contains(address.getDomain()) && !LocalDomains.open(config.domainsFile()).contains(address.getDomain())) {
            throw CommandFailure.badInput(address.getDomain().asString() + " is not one of this server's domains "
                + config.domains().stream().map(Domain::asString).toList() + " (mailserver.domains) nor in " + config.domainsFile()
                + " (mailserver domain add)");
        }
        return address;
    }

    /** @throws CommandFailure when it is not a mail address */
    public static MailAddress parseAny(String text) {
        try {
            return InternationalAddresses.parse(text);
        } catch (AddressException e) {
            throw CommandFailure.badInput("'" + text + "' is not a mail address: " + e.getMessage());
        }
    }
}
