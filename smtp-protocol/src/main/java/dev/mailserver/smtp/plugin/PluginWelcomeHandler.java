package dev.mailserver.smtp.plugin;

import java.util.concurrent.CompletableFuture;

import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.ConnectHandler;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.WelcomeMessageHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailserver.plugin.api.HookDecision;
import dev.mailserver.plugin.api.SessionInfo;

import dev.mailserver.smtp.server.SessionFlow;
import dev.mailserver.smtp.server.SmtpSession;

/**
 * The greeting of a listener with plugins: their connect hooks run first (holding the session while
 * one is pending), and a refusal takes the place of the greeting and closes the connection.
 */
public final class PluginWelcomeHandler implements ConnectHandler<SMTPSession> {
    private static final Logger LOGGER = LoggerFactory.getLogger(PluginWelcomeHandler.class);

    private final WelcomeMessageHandler welcome = new WelcomeMessageHandler();
    private final PluginRounds rounds;

    public PluginWelcomeHandler(PluginRounds rounds) {
        this.rounds = rounds;
    }

    @Override
    public Response onConnect(SMTPSession session) {
        SmtpSession smtpSession = (SmtpSession) session;
        SessionInfo info = rounds.infoOf(smtpSession);
        CompletableFuture<HookDecision> round = rounds.run(smtpSession, "CONNECT", hook -> hook.onConnect(info));
        if (round.isDone()) {
            return greetingFor(session, round.join());
        }
        SessionFlow flow = smtpSession.flow();
        flow.hold();
        round.thenAccept(decision -> {
            try {
                smtpSession.getProtocolTransport().writeResponse(greetingFor(session, decision), smtpSession);
            } finally {
                flow.release();
            }
        });
        return null;
    }

    private Response greetingFor(SMTPSession session, HookDecision decision) {
        if (!decision.isRefusal()) {
            return welcome.onConnect(session);
        }
        LOGGER.info("Connection from [{}] refused by a plugin: {}", session.getRemoteAddress().getAddress().getHostAddress(), decision);
        return PluginRounds.responseOf(decision.disconnect() ? decision : decision.andDisconnect());
    }
}
