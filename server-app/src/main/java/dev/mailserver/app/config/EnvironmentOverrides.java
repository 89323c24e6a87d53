package dev.mailserver.app.config;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValueFactory;

/**
 * Settings given as environment variables: {@code MAILSERVER_} followed by the key below
 * {@code mailserver}, upper case, with {@code _} for each dot and {@code __} for each dash; e.g.
 * {@code MAILSERVER_SMTP_MAX__MESSAGE__SIZE=10MiB} sets {@code mailserver.smtp.max-message-size}.
 * A value is a string (read as a number, duration or size where the key needs one); a value
 * starting with {@code [} is a HOCON list, e.g. {@code MAILSERVER_DOMAINS=["example.org"]}.
 */
final class EnvironmentOverrides {
    static final String PREFIX = "MAILSERVER_";

    private EnvironmentOverrides() {
    }

    static Config from(Map<String, String> environment) {
        Config overrides = ConfigFactory.empty();
        for (Map.Entry<String, String> variable : new TreeMap<>(environment).entrySet()) {
            String name = variable.getKey();
            if (name.startsWith(PREFIX) && name.length() > PREFIX.length()) {
                overrides = setting(name, variable.getValue()).withFallback(overrides);
            }
        }
        return overrides;
    }

    private static Config setting(String name, String value) {
        String key = "mailserver." + name.substring(PREFIX.length()).toLowerCase(Locale.ROOT).replace("__", "-").replace('_', '.');
        String origin = "environment variable " + name;
        if (value.strip().startsWith("[")) {
            return ConfigFactory.parseString(key + " = " + value, ConfigParseOptions.defaults().setOriginDescription(origin));
        }
        return ConfigFactory.empty(origin).withValue(key, ConfigValueFactory.fromAnyRef(value, origin));
    }
}
