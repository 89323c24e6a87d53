package dev.mailserver.plugin.api;

/**
 * A plugin: the entry point the server finds with {@link java.util.ServiceLoader} in a jar of the
 * plugins directory (list the class in {@code META-INF/services/dev.mailserver.plugin.api.SmtpPlugin}).
 * It needs a public no-argument constructor.
 *
 * <p>The server calls {@link #createHook} once for each listener the plugin is enabled on, with that
 * listener's context and the plugin's settings from the configuration.
 *
 * <p>This API needs nothing but the JDK. A plugin wired with Guice may also bring a Guice module, as the
 * separate artifact {@code mailserver-plugin-guice} describes ({@code dev.mailserver.plugin.guice.PluginModule});
 * the server then injects the plugin's members before calling {@link #createHook}.
 */
public interface SmtpPlugin {
    /**
     * The version of this SPI. Raised only for changes that can break a compiled plugin; the server
     * refuses a plugin whose {@link #spiVersion()} differs.
     */
    int SPI_VERSION = 1;

    /** The plugin's name: its key in the configuration ({@code mailserver.plugins.<name>}) and in logs. */
    String name();

    /** The SPI version the plugin was built against; leave the default. */
    default int spiVersion() {
        return SPI_VERSION;
    }

    /**
     * The hook for one listener. Called at start-up; an exception here stops the start with a message
     * naming the plugin.
     *
     * @return an {@link SmtpHook} for quick in-memory checks, or any {@link AsyncSmtpHook}
     */
    AsyncSmtpHook createHook(PluginContext context);
}
