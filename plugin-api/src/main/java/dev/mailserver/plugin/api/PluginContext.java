package dev.mailserver.plugin.api;

import java.util.concurrent.Executor;

/** What a plugin learns about the listener it is created for. */
public interface PluginContext {
    /** The plugin's name, as configured. */
    String pluginName();

    /** The listener's name, e.g. {@code mta} or {@code submission}. */
    String listenerName();

    /** The listener's role in lower case: {@code mta} or {@code submission}. */
    String role();

    /** The name the server gives itself in its greeting. */
    String hostname();

    /** The plugin's settings ({@code mailserver.plugins.<name>.settings}); empty when none are set. */
    PluginSettings settings();

    /**
     * An executor for blocking work (DNS, HTTP, databases) of asynchronous hooks, shared by the
     * listener's plugins; never the IO threads.
     */
    Executor blockingExecutor();
}
