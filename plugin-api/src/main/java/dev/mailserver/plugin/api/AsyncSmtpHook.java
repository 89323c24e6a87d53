package dev.mailserver.plugin.api;

import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The hooks of one plugin at each SMTP phase, in asynchronous form: each returns a stage that the
 * server waits for without blocking a thread, holding the session's input meanwhile. Every method
 * has a default that does nothing, so a plugin overrides only the phases it cares about.
 *
 * <p>Hooks are called on the listener's IO thread and must return quickly: start slow work on
 * {@link PluginContext#blockingExecutor()} (or an asynchronous client) and return its stage. A stage
 * that fails, or does not complete within the plugin's timeout, counts as the plugin's failure
 * reply (default {@code 451 4.3.0}). For quick in-memory checks implement {@link SmtpHook} instead.
 *
 * <p>Plugins' hooks run in the configured order; the first decision other than {@link
 * HookDecision#proceed()} ends the round for that command. The server's own rules of the phase
 * (syntax, command sequence, relay and recipient rules) are checked before a plugin's refusal is
 * answered, so the client always gets the most fundamental error first.
 */
public interface AsyncSmtpHook {
    /**
     * A client connected, before the greeting. A refusal is answered instead of the greeting, and the
     * connection is closed.
     */
    default CompletionStage<HookDecision> onConnect(SessionInfo session) {
        return HookDecision.proceedNow();
    }

    /** HELO or EHLO with this name ({@link SessionInfo#heloName()} still holds the previous one, if any). */
    default CompletionStage<HookDecision> onHelo(SessionInfo session, String heloName) {
        return HookDecision.proceedNow();
    }

    /**
     * The client has just given valid credentials (submission listeners only). A refusal is answered
     * instead of {@code 235} and the session stays unauthenticated.
     */
    default CompletionStage<HookDecision> onAuth(SessionInfo session, String username, String mechanism) {
        return HookDecision.proceedNow();
    }

    /**
     * MAIL FROM.
     *
     * @param sender the address, {@code ""} for the null sender
     * @param parameters the ESMTP parameters, names in upper case (a parameter without value maps to {@code ""})
     */
    default CompletionStage<HookDecision> onMail(SessionInfo session, String sender, Map<String, String> parameters) {
        return HookDecision.proceedNow();
    }

    /**
     * RCPT TO.
     *
     * @param parameters the ESMTP parameters, names in upper case
     */
    default CompletionStage<HookDecision> onRcpt(SessionInfo session, String recipient, Map<String, String> parameters) {
        return HookDecision.proceedNow();
    }

    /**
     * The header section of a message has arrived. Headers may be added to it; a refusal is answered
     * when DATA ends (the client cannot be interrupted while it sends).
     */
    default CompletionStage<HookDecision> onHeaders(SessionInfo session, MessageHeaders headers) {
        return HookDecision.proceedNow();
    }

    /** The whole message has arrived and is about to be queued; a refusal is answered instead of {@code 250}. */
    default CompletionStage<HookDecision> onMessage(SessionInfo session, MessageInfo message) {
        return HookDecision.proceedNow();
    }

    /**
     * A command the server does not know, e.g. {@code XFOO arg}. {@link HookDecision#accept(int, String, String)}
     * answers it with its reply; anything else that is not a refusal leaves the usual {@code 500}.
     *
     * @param command the command word in upper case
     * @param argument the rest of the line, {@code ""} if none
     */
    default CompletionStage<HookDecision> onUnknownCommand(SessionInfo session, String command, String argument) {
        return HookDecision.proceedNow();
    }

    /** The client said QUIT. A notification: the decision is ignored and the reply is always {@code 221}. */
    default CompletionStage<HookDecision> onQuit(SessionInfo session) {
        return HookDecision.proceedNow();
    }
}
