package dev.mailserver.app.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;

import dev.mailserver.pop3.Pop3Settings;
import dev.mailserver.pop3.Pop3Tls;

/** Reads the {@code mailserver.pop3} section; every problem names its key. */
final class Pop3ConfigLoader {
    private static final String LISTENERS = "pop3.listeners";

    private Pop3ConfigLoader() {
    }

    /** @param config the {@code mailserver} section, defaults included */
    static List<Pop3Settings> load(Config config) {
        Duration idle = config.getDuration("pop3.idle-timeout");
        if (idle.compareTo(Duration.ofMinutes(10)) < 0) {
            throw bad(config, "pop3.idle-timeout", "RFC 1939 asks for at least 10 minutes, not " + idle);
        }
        int failures = config.getInt("pop3.max-auth-failures-per-session");
        if (failures < 1) {
            throw bad(config, "pop3.max-auth-failures-per-session", "must be positive, not " + failures);
        }
        List<Pop3Settings> listeners = new ArrayList<>();
        for (String name : new TreeSet<>(config.getObject(LISTENERS).keySet())) {
            String path = LISTENERS + ".\"" + name + "\"";
            if (config.hasPath(path + ".enabled") && !config.getBoolean(path + ".enabled")) {
                continue;
            }
            listeners.add(new Pop3Settings(ConfigLoader.socketAddress(config, path), ConfigLoader.lowerCaseEnum(config, path + ".tls", Pop3Tls.class),
                idle, failures));
        }
        return List.copyOf(listeners);
    }

    private static ConfigException bad(Config config, String path, String problem) {
        return new ConfigException.BadValue(config.getValue(path).origin(), "mailserver." + path, problem);
    }
}
