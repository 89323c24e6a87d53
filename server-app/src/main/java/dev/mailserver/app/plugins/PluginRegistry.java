package dev.mailserver.app.plugins;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.Guice;
import com.google.inject.Module;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;

import dev.mailserver.plugin.api.DeliveryEvents;
import dev.mailserver.smtp.plugin.PluginDirectory;
import dev.mailserver.smtp.plugin.PluginHook;
import dev.mailserver.plugin.api.PluginContext;
import dev.mailserver.plugin.api.PluginSettings;
import dev.mailserver.plugin.api.SmtpPlugin;

import dev.mailserver.app.config.ListenerConfig;
import dev.mailserver.app.config.PluginsConfig;
import dev.mailserver.app.config.ServerConfig;

/**
 * The plugins of this server: found in the plugins directory, matched with {@code mailserver.plugins},
 * given their Guice module (if their jar lists one in {@code META-INF/services/com.google.inject.Module}),
 * and turned into hooks for each listener of a role they are enabled for.
 */
public final class PluginRegistry {
    private static final Logger LOGGER = LoggerFactory.getLogger(PluginRegistry.class);

    private record Enabled(PluginsConfig.Plugin config, SmtpPlugin plugin) {
    }

    private final List<Enabled> enabled;
    private final String hostname;
    private final ExecutorService blocking = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("plugin-", 0).factory());

    private PluginRegistry(List<Enabled> enabled, String hostname) {
        this.enabled = enabled;
        this.hostname = hostname;
    }

    /**
     * Checks that every enabled plugin is in the plugin directory, as {@code config check} and {@code run}
     * do before anything starts.
     *
     * @throws ConfigException naming {@code mailserver.plugins.<name>} of a plugin that is missing
     */
    public static void checkInstalled(ServerConfig config) {
        installed(config.plugins());
    }

    private static List<PluginsConfig.Plugin> wanted(PluginsConfig plugins) {
        return plugins.plugins().stream().filter(PluginsConfig.Plugin::enabled).toList();
    }

    /** The plugins in the directory by name, once every enabled one is known to be there. */
    private static Map<String, PluginDirectory.Found> installed(PluginsConfig plugins) {
        List<PluginsConfig.Plugin> wanted = wanted(plugins);
        Map<String, PluginDirectory.Found> found = new LinkedHashMap<>();
        if (wanted.isEmpty()) {
            return found;
        }
        for (PluginDirectory.Found plugin : PluginDirectory.scan(plugins.directory())) {
            PluginDirectory.Found before = found.putIfAbsent(plugin.plugin().name(), plugin);
            if (before != null) {
                throw new IllegalStateException("two plugins are named " + plugin.plugin().name() + ": in " + before.jar() + " and " + plugin.jar());
            }
        }
        for (PluginsConfig.Plugin plugin : wanted) {
            if (!found.containsKey(plugin.name())) {
                throw new ConfigException.BadValue(ConfigFactory.empty().origin(), "mailserver.plugins." + plugin.name(),
                    "no plugin named " + plugin.name() + " in the plugin directory " + plugins.directory().toAbsolutePath() + " (found: " + found.keySet() + ")");
            }
        }
        return found;
    }

    public static PluginRegistry load(ServerConfig config) {
        PluginsConfig plugins = config.plugins();
        List<PluginsConfig.Plugin> wanted = wanted(plugins);
        Map<String, PluginDirectory.Found> found = installed(plugins);
        List<Enabled> enabled = new ArrayList<>();
        for (PluginsConfig.Plugin plugin : wanted) {
            PluginDirectory.Found jar = found.get(plugin.name());
            injectModules(jar);
            enabled.add(new Enabled(plugin, jar.plugin()));
            LOGGER.info("Plugin {} enabled for {} (order {})", plugin.name(), plugin.roles(), plugin.order());
        }
        found.keySet().stream().filter(name -> wanted.stream().noneMatch(plugin -> plugin.name().equals(name)))
            .forEach(name -> LOGGER.info("Plugin {} found but not enabled in mailserver.plugins", name));
        enabled.sort(Comparator.comparingInt((Enabled plugin) -> plugin.config().order()).thenComparing(plugin -> plugin.config().name()));
        return new PluginRegistry(List.copyOf(enabled), config.hostname());
    }

    /** Injects the plugin's members from the Guice modules its jar brings, if any. */
    private static void injectModules(PluginDirectory.Found jar) {
        List<Module> modules = ServiceLoader.load(Module.class, jar.classLoader()).stream()
            .filter(provider -> provider.type().getClassLoader() == jar.classLoader())
            .map(ServiceLoader.Provider::get).map(Module.class::cast).toList();
        if (!modules.isEmpty()) {
            Guice.createInjector(modules).injectMembers(jar.plugin());
        }
    }

    /** The hooks of the plugins enabled for this listener's role, in order. */
    public List<PluginHook> hooksFor(ListenerConfig listener) {
        List<PluginHook> hooks = new ArrayList<>();
        for (Enabled plugin : enabled) {
            if (!plugin.config().roles().contains(listener.role())) {
                continue;
            }
            PluginContext context = new Context(plugin.config().name(), listener.name(), listener.role().name().toLowerCase(Locale.ROOT), hostname,
                PluginSettings.of(plugin.config().settings()), blocking);
            try {
                hooks.add(new PluginHook(plugin.config().name(), plugin.plugin().createHook(context), plugin.config().timeout(),
                    plugin.config().failureReply()));
            } catch (RuntimeException e) {
                throw new IllegalStateException("plugin " + plugin.config().name() + " could not create its hook for listener " + listener.name()
                    + ": " + e.getMessage(), e);
            }
        }
        return hooks;
    }

    /**
     * The enabled plugins that want delivery outcomes (their {@code SmtpPlugin} class implements
     * {@link DeliveryEvents}), in order; one that throws is logged with its name.
     */
    public DeliveryEvents deliveryEvents() {
        List<Enabled> listening = enabled.stream().filter(plugin -> plugin.plugin() instanceof DeliveryEvents).toList();
        return event -> {
            for (Enabled plugin : listening) {
                try {
                    ((DeliveryEvents) plugin.plugin()).onDelivery(event);
                } catch (RuntimeException e) {
                    LOGGER.warn("Plugin {} failed on a delivery event of {}", plugin.config().name(), event.queueId(), e);
                }
            }
        };
    }

    private record Context(String pluginName, String listenerName, String role, String hostname, PluginSettings settings,
                           Executor blockingExecutor) implements PluginContext {
    }
}
