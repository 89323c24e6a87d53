package dev.mailserver.app.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValueType;

import dev.mailserver.smtp.ListenerRole;
import dev.mailserver.smtp.plugin.PluginHook;
import dev.mailserver.plugin.api.HookDecision;

/** Reads {@code mailserver.plugin-directory} and {@code mailserver.plugins} (see reference.conf). */
final class PluginConfigLoader {
    static final String PLUGINS = "plugins";
    private static final Set<String> KEYS = Set.of("enabled", "roles", "order", "timeout", "failure-reply", "settings");
    private static final Pattern REPLY = Pattern.compile("([45]\\d\\d) ([45]\\.\\d{1,3}\\.\\d{1,3}) (.+)");

    private PluginConfigLoader() {
    }

    /** @param config the {@code mailserver} section */
    static PluginsConfig load(Config config) {
        Path directory = Path.of(config.getString("plugin-directory"));
        List<PluginsConfig.Plugin> plugins = new ArrayList<>();
        for (String name : config.getObject(PLUGINS).keySet().stream().sorted().toList()) {
            String path = PLUGINS + "." + ConfigUtil.joinPath(name);
            if (config.getValue(path).valueType() != ConfigValueType.OBJECT) {
                throw new ConfigException.BadValue(config.getValue(path).origin(), path, "a plugin's settings are an object { enabled, roles, order, ... }");
            }
            for (String key : config.getObject(path).keySet()) {
                if (!KEYS.contains(key)) {
                    throw new ConfigException.BadPath(config.getValue(path + "." + ConfigUtil.joinPath(key)).origin(), path + "." + key,
                        "unknown plugin setting; allowed are " + KEYS.stream().sorted().toList());
                }
            }
            Config plugin = config.getConfig(path);
            boolean enabled = !plugin.hasPath("enabled") || plugin.getBoolean("enabled");
            Set<ListenerRole> roles = EnumSet.noneOf(ListenerRole.class);
            List<String> roleNames = plugin.hasPath("roles") ? plugin.getStringList("roles") : List.of("mta", "submission");
            for (String role : roleNames) {
                try {
                    roles.add(ListenerRole.valueOf(role.toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException.BadValue(plugin.origin(), path + ".roles", "'" + role + "' is not one of [mta, submission]");
                }
            }
            int order = plugin.hasPath("order") ? plugin.getInt("order") : 100;
            var timeout = plugin.hasPath("timeout") ? plugin.getDuration("timeout") : PluginHook.DEFAULT_TIMEOUT;
            if (timeout.isZero() || timeout.isNegative()) {
                throw new ConfigException.BadValue(plugin.origin(), path + ".timeout", "must be positive");
            }
            HookDecision failureReply = plugin.hasPath("failure-reply") ? reply(plugin, path + ".failure-reply", plugin.getString("failure-reply"))
                : PluginHook.DEFAULT_FAILURE_REPLY;
            var settings = plugin.hasPath("settings") ? plugin.getConfig("settings").root().unwrapped() : Map.<String, Object>of();
            plugins.add(new PluginsConfig.Plugin(name, enabled, Set.copyOf(roles), order, timeout, failureReply, settings));
        }
        return new PluginsConfig(directory, List.copyOf(plugins));
    }

    private static HookDecision reply(Config plugin, String path, String text) {
        Matcher matcher = REPLY.matcher(text.trim());
        if (!matcher.matches() || matcher.group(1).charAt(0) != matcher.group(2).charAt(0)) {
            throw new ConfigException.BadValue(plugin.origin(), path, "'" + text + "' is not a reply like \"451 4.3.0 text\" (4xx or 5xx)");
        }
        int code = Integer.parseInt(matcher.group(1));
        return code >= 500 ? HookDecision.reject(code, matcher.group(2), matcher.group(3)) : HookDecision.tempReject(code, matcher.group(2), matcher.group(3));
    }
}
