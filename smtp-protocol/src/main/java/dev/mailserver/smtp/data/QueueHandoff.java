package dev.mailserver.smtp.data;

import java.util.List;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.ExtensibleHandler;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.AbstractHookableCmdHandler;
import org.apache.james.protocols.smtp.core.DataLineFilter;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookResultHook;
import org.apache.james.protocols.smtp.hook.MessageHook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;

import dev.mailserver.core.InternationalAddresses;
import dev.mailserver.core.queue.MailIntake;
import dev.mailserver.core.queue.QueueStorageException;
import dev.mailserver.plugin.api.HookDecision;
import dev.mailserver.plugin.api.MessageHeaders;
import dev.mailserver.plugin.api.MessageInfo;
import dev.mailserver.plugin.api.SessionInfo;
import dev.mailserver.smtp.ListenerRole;
import dev.mailserver.smtp.TrustedNetworks;
import dev.mailserver.smtp.chain.SmtpReplies;
import dev.mailserver.smtp.extension.TransactionParameters;
import dev.mailserver.smtp.mailauth.AuthenticationVerdict;
import dev.mailserver.smtp.mailauth.MessageAuthentication;
import dev.mailserver.smtp.plugin.PluginHeaderFilter;
import dev.mailserver.smtp.plugin.PluginRounds;
import dev.mailserver.smtp.server.SessionFlow;
import dev.mailserver.smtp.server.SmtpSession;

/**
 * The last DATA line handler (it takes the place of the library's {@code DataLineMessageHookHandler}):
 * gathers the content (in memory, or handed to the writer of its incoming spool file) and, at the end of
 * DATA, once the writer is done, runs the message hooks as policy checks, then hands the message to the
 * mail queue. The library's {@link MessageHook}s run on the IO thread: one that reads the content of a
 * message beyond the 64 KiB kept in memory reads a file there.
 *
 * <p>The queue's write is synced to disk, which takes milliseconds. Instead of waiting on the IO thread
 * (which serves many sessions), the session's input is held while the write runs elsewhere; the reply
 * is written when the queue confirms. Many sessions can thus wait on the same synced write while each
 * holds no more than its framer's buffer.
 */
public final class QueueHandoff implements DataLineFilter, ExtensibleHandler {
    private static final Logger LOGGER = LoggerFactory.getLogger(QueueHandoff.class);

    private final MailIntake intake;
    private final PluginRounds plugins;
    private final MessageAuthentication authentication;
    private final ListenerRole role;
    private final TrustedNetworks trusted;
    private List<MessageHook> messageHooks = List.of();
    private List<HookResultHook> resultHooks = List.of();

    public QueueHandoff(MailIntake intake) {
        this(intake, null, null, ListenerRole.MTA, TrustedNetworks.NONE);
    }

    /**
     * @param plugins the plugins whose message hooks run after the server's own, or null
     * @param authentication SPF/DKIM/DMARC checks or DKIM signing after the message hooks, or null
     * @param role the listener's role: a submission listener's mail is ours going out (signed)
     * @param trusted on an MTA listener, the clients whose mail is ours going out (signed, not checked)
     */
    public QueueHandoff(MailIntake intake, PluginRounds plugins, MessageAuthentication authentication, ListenerRole role,
                        TrustedNetworks trusted) {
        this.intake = intake;
        this.plugins = plugins;
        this.authentication = authentication;
        this.role = role;
        this.trusted = trusted;
    }

    @Override
    public Response onLine(SMTPSession session, byte[] line, LineHandler<SMTPSession> next) {
        SmtpSession smtpSession = (SmtpSession) session;
        SpooledMessage message = smtpSession.spooledMessage().orElseThrow();
        if (DataLines.isTerminator(line)) {
            return endOfData(smtpSession, message);
        }
        int skipStuffedDot = DataLines.isDotStuffed(line) ? 1 : 0;
        message.append(smtpSession.flow(), line, skipStuffedDot, line.length - skipStuffedDot);
        return null;
    }

    /** Waits (with the session held, not the IO thread) for the writer when the content went to a file. */
    private Response endOfData(SmtpSession session, SpooledMessage message) {
        session.popLineHandler();
        CompletableFuture<Void> written = message.completeWriting();
        if (written.isDone()) {
            return afterWriting(session, message, written.isCompletedExceptionally() ? failureOf(written) : null);
        }
        return answerLater(session, message, written, (ignored, failure) -> afterWriting(session, message, failure));
    }

    private Response afterWriting(SmtpSession session, SpooledMessage message, Throwable failure) {
        if (failure != null) {
            LOGGER.error("{}: could not write the incoming message to the spool directory: {}", message.id(), failure.getMessage());
            session.resetState();
            return SmtpReplies.SPOOL_WRITE_FAILED;
        }
        Response rejection = runMessageHooks(session, message);
        if (rejection != null) {
            session.resetState();
            return rejection;
        }
        boolean outgoing = role != ListenerRole.MTA || trusted.contains(session.getRemoteAddress().getAddress());
        if (authentication != null && authentication.appliesTo(outgoing)) {
            return runAuthentication(session, message, outgoing);
        }
        return afterAuthentication(session, message);
    }

    private static Throwable failureOf(CompletableFuture<?> done) {
        try {
            done.join();
            return null;
        } catch (CompletionException e) {
            return e.getCause();
        }
    }

    /** Mail authentication off the IO thread; the session is held until its verdict is applied. */
    private Response runAuthentication(SmtpSession session, SpooledMessage message, boolean outgoing) {
        String helo = session.getAttachment(SMTPSession.CURRENT_HELO_NAME, ProtocolSession.State.Connection).orElse("");
        return answerLater(session, message,
            authentication.apply(outgoing, session.getRemoteAddress().getAddress(), helo, message.getMaybeSender().asString(""), message),
            (verdict, failure) -> afterVerdict(session, message, verdict, failure));
    }

    /**
     * Holds the session until {@code stage} completes, then goes on on the session's thread with
     * {@code next}, which returns the reply to write or null when the reply is someone else's to write.
     * Nothing goes on for a message discarded meanwhile (its client went away).
     */
    private static <T> Response answerLater(SmtpSession session, SpooledMessage message, CompletionStage<T> stage,
                                            BiFunction<T, Throwable, Response> next) {
        SessionFlow flow = session.flow();
        flow.hold();
        stage.whenComplete((value, failure) -> flow.executeOnSessionThread(() -> {
            try {
                if (message.isFinished()) {
                    return;
                }
                Response response = next.apply(value, failure);
                if (response != null) {
                    session.getProtocolTransport().writeResponse(response, session);
                }
            } finally {
                flow.release();
            }
        }));
        return null;
    }

    private Response afterVerdict(SmtpSession session, SpooledMessage message, AuthenticationVerdict verdict, Throwable failure) {
        if (failure != null) {
            LOGGER.warn("{}: refused for now, the mail authentication checks failed: {}", message.id(), failure.getMessage());
            session.resetState();
            return SmtpReplies.AUTHENTICATION_CHECK_FAILED;
        }
        message.authenticationSummary(verdict.summary());
        return switch (verdict) {
            case AuthenticationVerdict.Refuse refuse -> {
                LOGGER.info("{}: from=<{}>, client=[{}] refused: {} ({})", message.id(), message.getMaybeSender().asString(""),
                    session.getRemoteAddress().getAddress().getHostAddress(), refuse.reply().getLines().get(0), refuse.summary());
                session.resetState();
                yield refuse.reply();
            }
            case AuthenticationVerdict.Restamp restamp -> {
                message.restamp(restamp.head(), restamp.replacedLength());
                yield afterAuthentication(session, message);
            }
            case AuthenticationVerdict.Unchanged unchanged -> afterAuthentication(session, message);
        };
    }

    private Response afterAuthentication(SmtpSession session, SpooledMessage message) {
        if (plugins != null && !plugins.isEmpty()) {
            return runPluginHooks(session, message);
        }
        handToQueue(session, message);
        return null;
    }

    /** A refusal kept by the header hooks, then the plugins' message hooks; the session is held while one is pending. */
    private Response runPluginHooks(SmtpSession session, SpooledMessage message) {
        HookDecision headerRefusal = session.getAttachment(PluginHeaderFilter.REFUSAL, ProtocolSession.State.Transaction).orElse(null);
        if (headerRefusal != null) {
            LOGGER.info("{}: refused by a plugin's header hook: {}", message.id(), headerRefusal);
            session.resetState();
            return PluginRounds.responseOf(headerRefusal);
        }
        MessageHeaders headers = session.getAttachment(CollectedHeaders.KEY, ProtocolSession.State.Transaction)
            .map(CollectedHeaders::withAdded).orElseGet(() -> new CollectedHeaders(0));
        MessageInfo info = new PluginMessageInfo(message, headers);
        SessionInfo sessionInfo = plugins.infoOf(session);
        CompletableFuture<HookDecision> round = plugins.run(session, "MESSAGE", hook -> hook.onMessage(sessionInfo, info));
        if (round.isDone()) {
            return afterPluginHooks(session, message, round.join());
        }
        return answerLater(session, message, round, (decision, failure) -> afterPluginHooks(session, message, decision));
    }

    private Response afterPluginHooks(SmtpSession session, SpooledMessage message, HookDecision decision) {
        if (decision.isRefusal()) {
            LOGGER.info("{}: refused by a plugin's message hook: {}", message.id(), decision);
            session.resetState();
            return PluginRounds.responseOf(decision);
        }
        handToQueue(session, message);
        return null;
    }

    private Response runMessageHooks(SmtpSession session, SpooledMessage message) {
        for (MessageHook hook : messageHooks) {
            long start = System.currentTimeMillis();
            HookResult result = hook.onMessage(session, message);
            long elapsed = System.currentTimeMillis() - start;
            for (HookResultHook resultHook : resultHooks) {
                result = resultHook.onHookResult(session, result, elapsed, hook);
            }
            if (isRefusal(result)) {
                return AbstractHookableCmdHandler.calcDefaultSMTPResponse(result);
            }
        }
        return null;
    }

    private static boolean isRefusal(HookResult result) {
        return switch (result.getResult().getAction()) {
            case DENY, DENYSOFT -> true;
            case OK, DECLINED, NONE -> result.getResult().isDisconnected();
        };
    }

    private void handToQueue(SmtpSession session, SpooledMessage message) {
        SessionFlow flow = session.flow();
        message.handOff();
        flow.hold();
        intake.receive(message.id(), message.envelope(TransactionParameters.of(session)), message.queuedContent())
            .whenComplete((ignored, failure) -> flow.executeOnSessionThread(() -> {
                try {
                    Response reply = failure == null ? SmtpReplies.queued(message.id()) : SmtpReplies.queueFailed(message.id(), isStorageFull(failure));
                    logOutcome(session, message, failure);
                    session.resetState();
                    session.getProtocolTransport().writeResponse(reply, session);
                    message.finish();
                } finally {
                    flow.release();
                }
            }));
    }

    /** Whether the queue refused for lack of space or a write error, rather than for another reason. */
    private static boolean isStorageFull(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof QueueStorageException) {
                return true;
            }
        }
        return false;
    }

    private static void logOutcome(SmtpSession session, SpooledMessage message, Throwable failure) {
        String client = session.getRemoteAddress().getAddress().getHostAddress();
        if (failure == null) {
            LOGGER.info("{}: from=<{}>, size={}, nrcpt={}, client={}, helo={}{} (queued)",
                message.id(), message.getMaybeSender().asOptional().map(InternationalAddresses::toExternal).orElse(""), message.size(),
                message.getRecipients().size(), session.clientForLog(),
                session.getAttachment(SMTPSession.CURRENT_HELO_NAME, ProtocolSession.State.Connection).orElse("unknown"),
                message.authenticationSummary().isEmpty() ? "" : ", " + message.authenticationSummary());
        } else {
            LOGGER.error("{}: refused, the queue could not store it (client=[{}])", message.id(), client, failure);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public void wireExtensions(Class<?> interfaceName, List<?> extension) {
        if (MessageHook.class.equals(interfaceName)) {
            messageHooks = List.copyOf((List<MessageHook>) extension);
        } else if (HookResultHook.class.equals(interfaceName)) {
            resultHooks = List.copyOf((List<HookResultHook>) extension);
        }
    }

    @Override
    public List<Class<?>> getMarkerInterfaces() {
        return List.of(MessageHook.class, HookResultHook.class);
    }

    private record PluginMessageInfo(SpooledMessage message, MessageHeaders headers) implements MessageInfo {
        @Override
        public String queueId() {
            return message.id().toString();
        }

        @Override
        public String sender() {
            return message.getMaybeSender().asString("");
        }

        @Override
        public List<String> recipients() {
            return message.getRecipients().stream().map(org.apache.james.core.MailAddress::asString).toList();
        }

        @Override
        public long size() {
            return message.size();
        }

        @Override
        public InputStream openContent() throws IOException {
            return message.openStream();
        }
    }
}
