package dev.mailserver.plugin.api;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The synchronous form of {@link AsyncSmtpHook}, for checks that answer from memory (a pattern, a
 * counter, a header): override the {@code check…} methods; each returns its decision directly.
 *
 * <p>These run on the listener's IO thread: they must not block (no DNS, files, network or locks held
 * long). A check that needs such work belongs in an {@link AsyncSmtpHook}.
 */
public interface SmtpHook extends AsyncSmtpHook {
    /** See {@link AsyncSmtpHook#onConnect}. */
    default HookDecision checkConnect(SessionInfo session) {
        return HookDecision.proceed();
    }

    /** See {@link AsyncSmtpHook#onHelo}. */
    default HookDecision checkHelo(SessionInfo session, String heloName) {
        return HookDecision.proceed();
    }

    /** See {@link AsyncSmtpHook#onAuth}. */
    default HookDecision checkAuth(SessionInfo session, String username, String mechanism) {
        return HookDecision.proceed();
    }

    /** See {@link AsyncSmtpHook#onMail}. */
    default HookDecision checkMail(SessionInfo session, String sender, Map<String, String> parameters) {
        return HookDecision.proceed();
    }

    /** See {@link AsyncSmtpHook#onRcpt}. */
    default HookDecision checkRcpt(SessionInfo session, String recipient, Map<String, String> parameters) {
        return HookDecision.proceed();
    }

    /** See {@link AsyncSmtpHook#onHeaders}. */
    default HookDecision checkHeaders(SessionInfo session, MessageHeaders headers) {
        return HookDecision.proceed();
    }

    /** See {@link AsyncSmtpHook#onMessage}. */
    default HookDecision checkMessage(SessionInfo session, MessageInfo message) {
        return HookDecision.proceed();
    }

    /** See {@link AsyncSmtpHook#onUnknownCommand}. */
    default HookDecision checkUnknownCommand(SessionInfo session, String command, String argument) {
        return HookDecision.proceed();
    }

    /** See {@link AsyncSmtpHook#onQuit}. */
    default void quit(SessionInfo session) {
    }

    @Override
    default CompletionStage<HookDecision> onConnect(SessionInfo session) {
        return CompletableFuture.completedStage(checkConnect(session));
    }

    @Override
    default CompletionStage<HookDecision> onHelo(SessionInfo session, String heloName) {
        return CompletableFuture.completedStage(checkHelo(session, heloName));
    }

    @Override
    default CompletionStage<HookDecision> onAuth(SessionInfo session, String username, String mechanism) {
        return CompletableFuture.completedStage(checkAuth(session, username, mechanism));
    }

    @Override
    default CompletionStage<HookDecision> onMail(SessionInfo session, String sender, Map<String, String> parameters) {
        return CompletableFuture.completedStage(checkMail(session, sender, parameters));
    }

    @Override
    default CompletionStage<HookDecision> onRcpt(SessionInfo session, String recipient, Map<String, String> parameters) {
        return CompletableFuture.completedStage(checkRcpt(session, recipient, parameters));
    }

    @Override
    default CompletionStage<HookDecision> onHeaders(SessionInfo session, MessageHeaders headers) {
        return CompletableFuture.completedStage(checkHeaders(session, headers));
    }

    @Override
    default CompletionStage<HookDecision> onMessage(SessionInfo session, MessageInfo message) {
        return CompletableFuture.completedStage(checkMessage(session, message));
    }

    @Override
    default CompletionStage<HookDecision> onUnknownCommand(SessionInfo session, String command, String argument) {
        return CompletableFuture.completedStage(checkUnknownCommand(session, command, argument));
    }

    @Override
    default CompletionStage<HookDecision> onQuit(SessionInfo session) {
        quit(session);
        return HookDecision.proceedNow();
    }
}
