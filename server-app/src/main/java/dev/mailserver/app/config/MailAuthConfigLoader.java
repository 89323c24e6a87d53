package dev.mailserver.app.config;

import java.time.Duration;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;

/** Reads {@code mailserver.mail-auth}; a mistake names its key. */
final class MailAuthConfigLoader {
    private static final String INBOUND = "mail-auth.inbound.";
    private static final String SIGNING = "mail-auth.signing.";

    private MailAuthConfigLoader() {
    }

    /** @param config the {@code mailserver} section */
    static MailAuthConfig load(Config config, String hostname) {
        String authservId = config.getString(INBOUND + "authserv-id").strip();
        if (!authservId.isEmpty() && !authservId.matches("[A-Za-z0-9][A-Za-z0-9.\\-]*")) {
            throw bad(config, INBOUND + "authserv-id", "must be a host name, not '" + authservId + "'");
        }
        Duration timeLimit = config.getDuration(INBOUND + "time-limit");
        if (timeLimit.isNegative() || timeLimit.isZero()) {
            throw bad(config, INBOUND + "time-limit", "must be a positive duration, not " + timeLimit);
        }
        int maxSignatures = config.getInt(INBOUND + "max-dkim-signatures");
        if (maxSignatures < 1) {
            throw bad(config, INBOUND + "max-dkim-signatures", "must be at least 1, not " + maxSignatures);
        }
        Duration validity = config.getDuration(SIGNING + "validity");
        if (validity.isNegative()) {
            throw bad(config, SIGNING + "validity", "cannot be negative, not " + validity);
        }
        return new MailAuthConfig(config.getBoolean(INBOUND + "enabled"), authservId.isEmpty() ? hostname : authservId,
            config.getBoolean(INBOUND + "reject"), config.getBoolean(INBOUND + "quarantine"),
            config.getBoolean(INBOUND + "defer-on-temporary-error"), timeLimit, maxSignatures,
            config.getBoolean(SIGNING + "enabled"), validity);
    }

    private static ConfigException bad(Config config, String key, String problem) {
        return new ConfigException.BadValue(config.getValue(key).origin(), "mailserver." + key, problem);
    }
}
