package dev.mailserver.smtp.plugin;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailserver.plugin.api.AsyncSmtpHook;
import dev.mailserver.plugin.api.HookDecision;
import dev.mailserver.plugin.api.SessionInfo;

import dev.mailserver.smtp.server.SmtpSession;

/**
 * Runs the plugin hooks of one listener for one phase, in order, until one decides something other
 * than proceed. A hook that throws, fails or times out gets its plugin's failure reply, logged with the
 * plugin's name. A hook whose stage is already complete is handled inline; after a pending one, the
 * next hook is called back on the session's thread, so hooks never run on plugin threads.
 */
public final class PluginRounds {
    private static final Logger LOGGER = LoggerFactory.getLogger(PluginRounds.class);

    private final List<PluginHook> hooks;
    private final String listenerName;
    private final String role;

    public PluginRounds(List<PluginHook> hooks, String listenerName, String role) {
        this.hooks = List.copyOf(hooks);
        this.listenerName = listenerName;
        this.role = role;
    }

    public boolean isEmpty() {
        return hooks.isEmpty();
    }

    public SessionInfo infoOf(SmtpSession session) {
        return new PluginSessionInfo(session, listenerName, role);
    }

    /** The decision of the round; complete at once when every hook answered at once, else completed on the session thread. */
    public CompletableFuture<HookDecision> run(SmtpSession session, String phase, Function<AsyncSmtpHook, CompletionStage<HookDecision>> call) {
        CompletableFuture<HookDecision> result = new CompletableFuture<>();
        step(0, session, phase, call, result);
        return result;
    }

    private void step(int from, SmtpSession session, String phase, Function<AsyncSmtpHook, CompletionStage<HookDecision>> call,
                      CompletableFuture<HookDecision> result) {
        for (int i = from; i < hooks.size(); i++) {
            PluginHook hook = hooks.get(i);
            CompletableFuture<HookDecision> decision = invoke(hook, session, phase, call);
            if (!decision.isDone()) {
                int next = i + 1;
                Executor sessionThread = session.flow()::executeOnSessionThread;
                decision.thenAcceptAsync(value -> {
                    if (value.kind() != HookDecision.Kind.PROCEED) {
                        result.complete(value);
                    } else {
                        step(next, session, phase, call, result);
                    }
                }, sessionThread);
                return;
            }
            HookDecision value = decision.join();
            if (value.kind() != HookDecision.Kind.PROCEED) {
                result.complete(value);
                return;
            }
        }
        result.complete(HookDecision.proceed());
    }

    /** The hook's decision, never failing: failures become the plugin's failure reply. */
    private static CompletableFuture<HookDecision> invoke(PluginHook hook, SmtpSession session, String phase,
                                                         Function<AsyncSmtpHook, CompletionStage<HookDecision>> call) {
        CompletionStage<HookDecision> stage;
        try {
            stage = call.apply(hook.hook());
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            return CompletableFuture.completedFuture(failed(hook, session, phase, e));
        }
        if (stage == null) {
            return CompletableFuture.completedFuture(failed(hook, session, phase, new NullPointerException("the hook returned null")));
        }
        CompletableFuture<HookDecision> future = stage.toCompletableFuture();
        if (!future.isDone()) {
            future = future.copy().orTimeout(hook.timeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        return future.handle((decision, failure) -> {
            if (failure != null) {
                return failed(hook, session, phase, failure);
            }
            if (decision == null) {
                return failed(hook, session, phase, new NullPointerException("the hook's stage completed with null"));
            }
            return decision;
        });
    }

    private static HookDecision failed(PluginHook hook, SmtpSession session, String phase, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        String client = session.getRemoteAddress().getAddress().getHostAddress();
        if (cause instanceof TimeoutException) {
            LOGGER.error("plugin {}: {} hook timed out after {} (client [{}]); answering {}", hook.pluginName(), phase, hook.timeout(), client,
                hook.failureReply());
        } else {
            LOGGER.error("plugin {}: {} hook failed (client [{}]); answering {}", hook.pluginName(), phase, client, hook.failureReply(), cause);
        }
        return hook.failureReply();
    }

    /** The SMTP reply of a decision that has one. */
    public static Response responseOf(HookDecision decision) {
        SMTPResponse response = new SMTPResponse(String.valueOf(decision.code().orElseThrow()),
            decision.enhancedCode().orElseThrow() + " " + decision.text().orElseThrow());
        response.setEndSession(decision.disconnect());
        return response.immutable();
    }

    /** The James hook result of a decision: a refusal denies, anything else declines. */
    static HookResult hookResultOf(HookDecision decision) {
        if (!decision.isRefusal()) {
            return HookResult.DECLINED;
        }
        HookReturnCode.Action action = decision.kind() == HookDecision.Kind.REJECT ? HookReturnCode.Action.DENY : HookReturnCode.Action.DENYSOFT;
        return HookResult.builder()
            .hookReturnCode(decision.disconnect() ? HookReturnCode.disconnected(action) : HookReturnCode.connected(action))
            .smtpReturnCode(String.valueOf(decision.code().orElseThrow()))
            .smtpDescription(decision.enhancedCode().orElseThrow() + " " + decision.text().orElseThrow())
            .build();
    }
}
