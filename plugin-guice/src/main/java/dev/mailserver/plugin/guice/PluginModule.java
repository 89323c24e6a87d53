package dev.mailserver.plugin.guice;

import com.google.inject.AbstractModule;

/**
 * The Guice module a plugin may bring, for plugins whose parts are wired with Guice.
 *
 * <p>The contract: list the module class in {@code META-INF/services/com.google.inject.Module} of the
 * plugin's own jar (next to {@code META-INF/services/dev.mailserver.plugin.api.SmtpPlugin}); it needs a
 * public no-argument constructor. The server then creates an injector from the modules of that jar (and
 * only that jar) and injects the plugin's members ({@code @Inject} fields and methods, {@code
 * jakarta.inject} or {@code com.google.inject} annotations) before it calls
 * {@link dev.mailserver.plugin.api.SmtpPlugin#createHook}. Without such a file the plugin is used as
 * constructed.
 *
 * <p>Extending this class is optional (any {@link com.google.inject.Module} listed there works); it names the
 * contract in one place. Depend on this artifact with scope {@code provided}: the server brings Guice
 * ({@code com.google.inject:guice}, the version in the server's parent pom) at run time.
 */
public abstract class PluginModule extends AbstractModule {
    /** The service file that lists a plugin jar's Guice modules. */
    public static final String SERVICE_FILE = "META-INF/services/com.google.inject.Module";
}
