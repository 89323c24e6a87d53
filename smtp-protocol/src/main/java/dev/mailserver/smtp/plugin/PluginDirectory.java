package dev.mailserver.smtp.plugin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailserver.plugin.api.SmtpPlugin;

/**
 * Finds plugins: every {@code *.jar} in a directory gets its own class loader (whose parent is the
 * server's, so the SPI and the server's libraries are shared) and is searched with {@link ServiceLoader}
 * for {@link SmtpPlugin}s. A missing directory holds no plugins.
 *
 * <pre>{@code
 * for (PluginDirectory.Found found : PluginDirectory.scan(Path.of("plugins"))) {
 *     listenerBuilder.hook(found.plugin().name(), found.plugin().createHook(context));
 * }
 * }</pre>
 */
public final class PluginDirectory {
    private static final Logger LOGGER = LoggerFactory.getLogger(PluginDirectory.class);

    /**
     * A plugin found in a jar.
     *
     * @param classLoader the jar's class loader, e.g. to look for further services (a Guice module) in it
     */
    public record Found(SmtpPlugin plugin, Path jar, ClassLoader classLoader) {
    }

    private PluginDirectory() {
    }

    /**
     * The plugins in the jars of this directory, in the order of the jars' names.
     *
     * @throws IllegalStateException when a jar cannot be read, a plugin cannot be created or was built
     *     for another SPI version; the message names the jar
     */
    public static List<Found> scan(Path directory) {
        return scan(directory, PluginDirectory.class.getClassLoader());
    }

    public static List<Found> scan(Path directory, ClassLoader parent) {
        if (!Files.isDirectory(directory)) {
            LOGGER.info("No plugin directory {}", directory.toAbsolutePath());
            return List.of();
        }
        List<Path> jars;
        try (Stream<Path> files = Files.list(directory)) {
            jars = files.filter(file -> file.getFileName().toString().endsWith(".jar") && Files.isRegularFile(file)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the plugin directory " + directory, e);
        }
        List<Found> found = new ArrayList<>();
        for (Path jar : jars) {
            URLClassLoader loader = new URLClassLoader("plugin:" + jar.getFileName(), new URL[] {url(jar)}, parent);
            try {
                for (ServiceLoader.Provider<SmtpPlugin> provider : ServiceLoader.load(SmtpPlugin.class, loader).stream().toList()) {
                    if (provider.type().getClassLoader() != loader) {
                        continue; // on the server's own class path, not in this jar
                    }
                    SmtpPlugin plugin = provider.get();
                    if (plugin.spiVersion() != SmtpPlugin.SPI_VERSION) {
                        throw new IllegalStateException("plugin " + plugin.name() + " in " + jar + " was built for SPI version "
                            + plugin.spiVersion() + ", this server has version " + SmtpPlugin.SPI_VERSION);
                    }
                    LOGGER.info("Found plugin {} ({}) in {}", plugin.name(), plugin.getClass().getName(), jar);
                    found.add(new Found(plugin, jar, loader));
                }
            } catch (ServiceConfigurationError | LinkageError e) {
                throw new IllegalStateException("cannot load the plugins of " + jar + ": " + e.getMessage(), e);
            }
        }
        return List.copyOf(found);
    }

    private static URL url(Path jar) {
        try {
            return jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(jar.toString(), e);
        }
    }
}
