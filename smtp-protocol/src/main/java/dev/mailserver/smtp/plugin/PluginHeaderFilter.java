package dev.mailserver.smtp.plugin;

import java.util.concurrent.CompletableFuture;

import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.DataLineFilter;

import dev.mailserver.plugin.api.HookDecision;
import dev.mailserver.plugin.api.SessionInfo;

import dev.mailserver.smtp.data.CollectedHeaders;
import dev.mailserver.smtp.data.DataLines;
import dev.mailserver.smtp.data.QueueHandoff;
import dev.mailserver.smtp.server.SessionFlow;
import dev.mailserver.smtp.server.SmtpSession;

/**
 * Collects the header section of each message and, where it ends, runs the plugins' header hooks
 * (holding the session while one is pending), writes the fields they added at the end of the header
 * section, and keeps a refusal for the end of DATA (see {@link QueueHandoff}).
 */
public final class PluginHeaderFilter implements DataLineFilter {
    public static final AttachmentKey<HookDecision> REFUSAL = AttachmentKey.of("pluginHeaderRefusal", HookDecision.class);
    private static final int MAX_COLLECTED = 256 * 1024;

    private final PluginRounds rounds;

    public PluginHeaderFilter(PluginRounds rounds) {
        this.rounds = rounds;
    }

    @Override
    public Response onLine(SMTPSession session, byte[] line, LineHandler<SMTPSession> next) {
        CollectedHeaders headers = session.getAttachment(CollectedHeaders.KEY, State.Transaction).orElseGet(() -> {
            CollectedHeaders fresh = new CollectedHeaders(MAX_COLLECTED);
            session.setAttachment(CollectedHeaders.KEY, fresh, State.Transaction);
            return fresh;
        });
        if (headers.ended()) {
            return next.onLine(session, line);
        }
        if (!isEndOfHeader(line)) {
            headers.see(line);
            return next.onLine(session, line);
        }
        SmtpSession smtpSession = (SmtpSession) session;
        SessionInfo info = rounds.infoOf(smtpSession);
        CompletableFuture<HookDecision> round = rounds.run(smtpSession, "HEADERS", hook -> hook.onHeaders(info, headers));
        if (round.isDone()) {
            return finish(session, headers, round.join(), line, next);
        }
        SessionFlow flow = smtpSession.flow();
        flow.hold();
        round.thenAccept(decision -> {
            try {
                Response response = finish(session, headers, decision, line, next);
                if (response != null) {
                    smtpSession.getProtocolTransport().writeResponse(response, smtpSession);
                }
            } finally {
                flow.release();
            }
        });
        return null;
    }

    private static Response finish(SMTPSession session, CollectedHeaders headers, HookDecision decision, byte[] line,
                                   LineHandler<SMTPSession> next) {
        headers.end();
        if (decision.isRefusal()) {
            session.setAttachment(REFUSAL, decision, State.Transaction);
        }
        for (byte[] added : headers.addedLines()) {
            Response response = next.onLine(session, added);
            if (response != null) {
                return response;
            }
        }
        return next.onLine(session, line);
    }

    private static boolean isEndOfHeader(byte[] line) {
        return (line.length == 2 && line[0] == '\r') || DataLines.isTerminator(line);
    }
}
