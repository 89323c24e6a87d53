package dev.mailserver.app.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.mailserver.smtp.ListenerRole;
import dev.mailserver.plugin.api.HookDecision;

/**
 * The plugin settings: where plugin jars are found, and which plugins are enabled where.
 *
 * @param directory the plugins directory ({@code mailserver.plugin-directory})
 * @param plugins the configured plugins ({@code mailserver.plugins.<name>}), enabled or not
 */
public record PluginsConfig(Path directory, List<Plugin> plugins) {
    /**
     * One plugin's settings.
     *
     * @param order plugins run in ascending order (then by name)
     * @param failureReply the reply when a hook throws or times out
     */
    public record Plugin(String name, boolean enabled, Set<ListenerRole> roles, int order, Duration timeout, HookDecision failureReply,
                         Map<String, Object> settings) {
    }
}
