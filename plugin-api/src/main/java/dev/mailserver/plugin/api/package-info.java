/**
 * The plugin SPI of the SMTP listeners: custom hooks at every SMTP phase, in a synchronous form
 * ({@link dev.mailserver.plugin.api.SmtpHook}, for quick in-memory checks) and an asynchronous one
 * ({@link dev.mailserver.plugin.api.AsyncSmtpHook}, for checks that need DNS, HTTP or a database).
 *
 * <p>A plugin is a jar holding an implementation of {@link dev.mailserver.plugin.api.SmtpPlugin} listed in
 * {@code META-INF/services/dev.mailserver.plugin.api.SmtpPlugin}; the server finds it in its plugins
 * directory and enables it per listener role as configured. Embedding programs can also hand hooks
 * straight to {@code SmtpListener.Builder#hook}.
 *
 * <h2>Stability</h2>
 * This package uses only JDK types and its own, never Apache James or netty types, so that plugins
 * keep working when the server's SMTP library changes. Its version is {@link
 * dev.mailserver.plugin.api.SmtpPlugin#SPI_VERSION}: additions (new phases as default methods, new
 * factory methods) keep the version; anything that could break a compiled plugin raises it, and the
 * server refuses plugins built for another version.
 *
 * <h2>Threads</h2>
 * Hooks are called on the listener's IO threads, which serve many connections. A hook must therefore
 * never block there: a synchronous hook must answer from memory; anything slower returns a
 * {@link java.util.concurrent.CompletionStage} and does its work elsewhere, for example on
 * {@link dev.mailserver.plugin.api.PluginContext#blockingExecutor()}. While a stage is pending the
 * session's input is held (the client simply waits); its completion is taken back to the session's
 * own thread by the server.
 *
 * <h2>Failures</h2>
 * A hook that throws, returns a failed stage or does not finish within its timeout gets the plugin's
 * failure reply (by default {@code 451 4.3.0}) for that command, and the failure is logged with the
 * plugin's name; the server and the session go on.
 */
package dev.mailserver.plugin.api;
