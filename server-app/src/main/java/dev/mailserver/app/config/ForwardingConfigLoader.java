package dev.mailserver.app.config;

import java.nio.file.Path;
import java.time.Duration;

import javax.mail.internet.AddressException;

import org.apache.james.core.Domain;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;

import dev.mailserver.core.InternationalAddresses;

/** Reads the {@code mailserver.delivery.forwarding} section; every problem names its key. */
final class ForwardingConfigLoader {
    private static final String FORWARDING = "delivery.forwarding.";
    private static final int MAX_AGE_DAYS = 1023;

    private ForwardingConfigLoader() {
    }

    /** @param config the {@code mailserver} section, defaults included */
    static ForwardingConfig load(Config config) {
        String sender = config.getString(FORWARDING + "sender");
        if (!sender.equals("srs") && !sender.equals("original")) {
            throw bad(config, FORWARDING + "sender", "'" + sender + "' is not one of srs, original");
        }
        String secretFile = config.getString(FORWARDING + "srs.secret-file").strip();
        Duration maxAge = config.getDuration(FORWARDING + "srs.max-age");
        if (maxAge.toDays() < 1 || maxAge.toDays() > MAX_AGE_DAYS || !maxAge.equals(Duration.ofDays(maxAge.toDays()))) {
            throw bad(config, FORWARDING + "srs.max-age",
                "SRS addresses carry their day: whole days from 1 to " + MAX_AGE_DAYS + ", not " + maxAge);
        }
        return new ForwardingConfig(sender.equals("srs"), domain(config),
            secretFile.isEmpty() ? Path.of(config.getString("data-dir")).resolve("srs-secrets") : Path.of(secretFile), maxAge,
            config.getBoolean(FORWARDING + "arc-seal"));
    }

    private static Domain domain(Config config) {
        String path = FORWARDING + "domain";
        String text = config.getString(path).strip();
        if (text.isEmpty()) {
            text = config.getStringList("domains").get(0);
        }
        try {
            Domain domain = Domain.of(InternationalAddresses.toAsciiDomain(text));
            for (String local : config.getStringList("domains")) {
                if (Domain.of(InternationalAddresses.toAsciiDomain(local)).equals(domain)) {
                    return domain;
                }
            }
            throw bad(config, path, text + " is not one of mailserver.domains: SRS addresses must come back to this server");
        } catch (AddressException e) {
            throw bad(config, path, "'" + text + "' is not a domain");
        }
    }

    private static ConfigException bad(Config config, String path, String problem) {
        return new ConfigException.BadValue(config.getValue(path).origin(), "mailserver." + path, problem);
    }
}
