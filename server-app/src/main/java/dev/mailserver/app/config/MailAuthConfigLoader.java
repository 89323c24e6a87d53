package dev.mailserver.app.config;

import java.time.Duration;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;

/** Reads {@code mailserver.mail-auth}; a mistake names its key. */
final class MailAuthConfigLoader {
    private static final String INBOUND = "mail-auth.inbound.";
    private static final String SIGNING = "mail-auth.signing.";
    private static final String REPORTS = "mail-auth.reports.";

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
        String from = config.getString(REPORTS + "from").strip();
        if (!from.isEmpty() && !from.matches("[^@\\s]+@[A-Za-z0-9.\\-]+")) {
            throw bad(config, REPORTS + "from", "must be an address, not '" + from + "'");
        }
        Duration keep = config.getDuration(REPORTS + "keep");
        if (keep.toDays() < 2) {
            throw bad(config, REPORTS + "keep", "must be at least 2 days (yesterday's report is sent today), not " + keep);
        }
        return new MailAuthConfig(config.getBoolean(INBOUND + "enabled"), authservId.isEmpty() ? hostname : authservId,
            config.getBoolean(INBOUND + "reject"), config.getBoolean(INBOUND + "quarantine"),
            config.getBoolean(INBOUND + "defer-on-temporary-error"), timeLimit, maxSignatures,
            config.getBoolean(SIGNING + "enabled"), validity,
            config.getBoolean(REPORTS + "record"), config.getBoolean(REPORTS + "send"),
            from.isEmpty() ? "dmarc-reports@" + hostname : from, keep);
    }

    private static ConfigException bad(Config config, String key, String problem) {
        return new ConfigException.BadValue(config.getValue(key).origin(), "mailserver." + key, problem);
    }
}
