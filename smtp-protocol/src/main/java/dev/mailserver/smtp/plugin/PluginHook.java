package dev.mailserver.smtp.plugin;

import java.time.Duration;
import java.util.Objects;

import dev.mailserver.plugin.api.AsyncSmtpHook;
import dev.mailserver.plugin.api.HookDecision;

import dev.mailserver.smtp.SmtpListener;

/**
 * A plugin's hook as enabled on one listener (see {@link SmtpListener.Builder#hook}).
 *
 * @param pluginName the name used in logs
 * @param timeout how long one asynchronous call may take before it counts as failed
 * @param failureReply what the client gets when the hook throws, fails or times out; a refusal
 */
public record PluginHook(String pluginName, AsyncSmtpHook hook, Duration timeout, HookDecision failureReply) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final HookDecision DEFAULT_FAILURE_REPLY =
        HookDecision.tempReject(451, "4.3.0", "Local error in policy check, try again later");

    public PluginHook {
        Objects.requireNonNull(pluginName, "pluginName");
        Objects.requireNonNull(hook, "hook");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(failureReply, "failureReply");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("plugin " + pluginName + ": timeout must be positive");
        }
        if (!failureReply.isRefusal()) {
            throw new IllegalArgumentException("plugin " + pluginName + ": the failure reply must be a refusal");
        }
    }

    /** With the default timeout and failure reply ({@code 451 4.3.0}). */
    public static PluginHook of(String pluginName, AsyncSmtpHook hook) {
        return new PluginHook(pluginName, hook, DEFAULT_TIMEOUT, DEFAULT_FAILURE_REPLY);
    }
}
