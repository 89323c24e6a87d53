package dev.mailserver.app.config;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;

import dev.mailserver.smtp.ListenerRole;

/** Reads {@code mailserver.policy}; a mistake names its key. */
final class PolicyConfigLoader {
    private static final String POLICY = "policy.";

    private PolicyConfigLoader() {
    }

    /** @param config the {@code mailserver} section */
    static PolicyConfig load(Config config) {
        return new PolicyConfig(
            roles(config, "helo"), config.getBoolean(POLICY + "helo.require-fqdn"),
            roles(config, "header-size"), positiveBytes(config, "header-size.max"),
            roles(config, "rate-limit"), notNegative(config, "rate-limit.per-client"), notNegative(config, "rate-limit.per-user"),
            positive(config, "rate-limit.window"),
            roles(config, "dnsbl"), config.getStringList(POLICY + "dnsbl.zones"),
            roles(config, "sender-domain"),
            roles(config, "greylisting"), positive(config, "greylisting.delay"), positive(config, "greylisting.retry-window"),
            positive(config, "greylisting.passed-lifetime"));
    }

    /** The roles a check runs on; none when it is not enabled. */
    private static Set<ListenerRole> roles(Config config, String check) {
        Set<ListenerRole> roles = EnumSet.noneOf(ListenerRole.class);
        if (!config.getBoolean(POLICY + check + ".enabled")) {
            return roles;
        }
        for (String role : config.getStringList(POLICY + check + ".roles")) {
            try {
                roles.add(ListenerRole.valueOf(role.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw bad(config, check + ".roles", "'" + role + "' is not one of [mta, submission]");
            }
        }
        return roles;
    }

    private static int notNegative(Config config, String key) {
        int value = config.getInt(POLICY + key);
        if (value < 0) {
            throw bad(config, key, "cannot be negative, not " + value);
        }
        return value;
    }

    private static Duration positive(Config config, String key) {
        Duration value = config.getDuration(POLICY + key);
        if (value.isNegative() || value.isZero()) {
            throw bad(config, key, "must be a positive duration, not " + value);
        }
        return value;
    }

    private static int positiveBytes(Config config, String key) {
        long value = config.getBytes(POLICY + key);
        if (value <= 0 || value > Integer.MAX_VALUE) {
            throw bad(config, key, "must be between 1 byte and 2GiB, not " + value);
        }
        return (int) value;
    }

    private static ConfigException bad(Config config, String key, String problem) {
        return new ConfigException.BadValue(config.getValue(POLICY + key).origin(), "mailserver." + POLICY + key, problem);
    }
}
