package dev.mailserver.app.cli;

import java.io.IOException;

import javax.mail.internet.AddressException;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;

import dev.mailserver.app.config.ServerConfig;
import dev.mailserver.core.InternationalAddresses;
import dev.mailserver.storage.directory.LocalDomains;
import dev.mailserver.storage.users.UserAccounts;

/** An address given on the command line that must be in one of the configured local domains. */
public final class LocalAddress {
    private LocalAddress() {
    }

    /** @throws CommandFailure when it is not a mail address or not in a local domain */
    public static MailAddress parse(String text, ServerConfig config) throws IOException {
        MailAddress address = parseAny(text);
        requireLocal(address.getDomain(), config);
        return address;
    }

    /** @throws CommandFailure when the domain is not one of the local domains */
    public static Domain requireLocal(Domain domain, ServerConfig config) throws IOException {
        if (!config.domains().contains(domain) && !LocalDomains.open(config.domainsFile()).contains(domain)) {
            throw CommandFailure.badInput(domain.asString() + " is not one of this server's domains "
                + config.domains().stream().map(Domain::asString).toList() + " (mailserver.domains) nor in " + config.domainsFile()
                + " (mailserver domain add)");
        }
        return domain;
    }

    /** Whether the address is a mailbox of this server: a user, or one of {@code mailserver.mailboxes}. */
    public static boolean isMailbox(MailAddress address, ServerConfig config) throws IOException {
        return config.mailboxes().contains(address) || UserAccounts.open(config.usersFile()).exists(address);
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
