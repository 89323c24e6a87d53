package dev.mailserver.app.config;

import java.util.Optional;

import javax.mail.internet.AddressException;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;

import dev.mailserver.storage.AddressingRules;

/** Reads the {@code mailserver.delivery.local} section; every problem names its key. */
final class LocalDeliveryConfigLoader {
    private static final String LOCAL = "delivery.local.";

    private LocalDeliveryConfigLoader() {
    }

    /** @param config the {@code mailserver} section, defaults included */
    static LocalDeliveryConfig load(Config config) {
        String delimiter = config.getString(LOCAL + "recipient-delimiter");
        if (delimiter.contains("@") || delimiter.chars().anyMatch(Character::isWhitespace)) {
            throw bad(config, LOCAL + "recipient-delimiter", "'" + delimiter + "' cannot separate a user from a tag in a local part");
        }
        return new LocalDeliveryConfig(new AddressingRules(Optional.of(delimiter).filter(text -> !text.isEmpty()), postmaster(config)));
    }

    private static MailAddress postmaster(Config config) {
        String path = LOCAL + "postmaster";
        String text = config.getString(path).strip();
        if (text.isEmpty()) {
            text = "postmaster@" + Domain.of(config.getStringList("domains").get(0)).asString();
        }
        try {
            MailAddress postmaster = new MailAddress(text);
            if (config.getStringList("domains").stream().map(Domain::of).noneMatch(postmaster.getDomain()::equals)) {
                throw bad(config, path, text + " is not in one of mailserver.domains");
            }
            return postmaster;
        } catch (AddressException e) {
            throw bad(config, path, "'" + text + "' is not a mail address");
        }
    }

    private static ConfigException bad(Config config, String path, String problem) {
        return new ConfigException.BadValue(config.getValue(path).origin(), "mailserver." + path, problem);
    }
}
