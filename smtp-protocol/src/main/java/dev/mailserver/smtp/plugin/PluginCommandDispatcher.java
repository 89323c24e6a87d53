package dev.mailserver.smtp.plugin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandDispatcher;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HeloHook;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.MailHook;
import org.apache.james.protocols.smtp.hook.RcptHook;
import org.apache.james.protocols.smtp.hook.UnknownHook;

import dev.mailserver.plugin.api.HookDecision;
import dev.mailserver.plugin.api.SessionInfo;

import dev.mailserver.smtp.server.InboundGate;
import dev.mailserver.smtp.server.SessionFlow;
import dev.mailserver.smtp.server.SmtpSession;

/**
 * The command dispatcher of a listener with plugins. Before HELO, EHLO, MAIL, RCPT, QUIT or an unknown
 * command reaches its handler, the plugins' hooks for it run; while an asynchronous one is pending the
 * session's input is held (see {@link InboundGate}). Their decision is then kept for the command, and the
 * command goes to its handler as usual, where {@link Verdict} (a James hook placed after the server's own
 * hooks of the phase) answers it: the server's syntax, sequence and relay rules therefore come first.
 * A command the server refuses by its own rules does not reach the plugins at all: a MAIL inside a
 * transaction, and a RCPT that {@link ServerRecipientRule} refuses (so that a greylist neither answers
 * 451 to a relay attempt or an unknown user nor stores a triplet for one).
 */
public final class PluginCommandDispatcher extends CommandDispatcher<SMTPSession> {
    private static final AttachmentKey<HookDecision> DECISION = AttachmentKey.of("pluginDecision", HookDecision.class);

    private final PluginRounds rounds;
    private final ServerRecipientRule recipientRule;

    /** Whether the server's own RCPT rules refuse a recipient, before any plugin is asked. */
    @FunctionalInterface
    public interface ServerRecipientRule {
        boolean refuses(SMTPSession session, String recipient);
    }

    public PluginCommandDispatcher(PluginRounds rounds, ServerRecipientRule recipientRule) {
        this.rounds = rounds;
        this.recipientRule = recipientRule;
    }

    @Override
    protected Response dispatchCommandHandlers(SMTPSession session, Request request) {
        SmtpSession smtpSession = (SmtpSession) session;
        String command = request.getCommand().toUpperCase(Locale.ROOT);
        String argument = request.getArgument() == null ? "" : request.getArgument().trim();
        SessionInfo info = rounds.infoOf(smtpSession);
        CompletableFuture<HookDecision> round = switch (command) {
            case "HELO", "EHLO" -> argument.isEmpty() ? null : rounds.run(smtpSession, "HELO", hook -> hook.onHelo(info, argument));
            case "MAIL" -> session.getAttachment(SMTPSession.SENDER, State.Transaction).isPresent() ? null : mailArgument(argument, "FROM:")
                .map(parsed -> rounds.run(smtpSession, "MAIL", hook -> hook.onMail(info, parsed.address(), parsed.parameters())))
                .orElse(null);
            case "RCPT" -> mailArgument(argument, "TO:").filter(parsed -> !recipientRule.refuses(session, parsed.address()))
                .map(parsed -> rounds.run(smtpSession, "RCPT", hook -> hook.onRcpt(info, parsed.address(), parsed.parameters())))
                .orElse(null);
            case "QUIT" -> {
                rounds.run(smtpSession, "QUIT", hook -> hook.onQuit(info));
                yield null;
            }
            default -> isUnknown(command, session)
                ? rounds.run(smtpSession, "UNKNOWN", hook -> hook.onUnknownCommand(info, command, argument))
                : null;
        };
        if (round == null) {
            return super.dispatchCommandHandlers(session, request);
        }
        if (round.isDone()) {
            return dispatchWith(session, request, round.join(), command);
        }
        SessionFlow flow = smtpSession.flow();
        flow.hold();
        round.thenAccept(decision -> {
            try {
                Response response = dispatchWith(session, request, decision, command);
                if (response != null) {
                    smtpSession.getProtocolTransport().writeResponse(response, smtpSession);
                }
            } finally {
                flow.release();
            }
        });
        return null;
    }

    private boolean isUnknown(String command, SMTPSession session) {
        List<CommandHandler<SMTPSession>> handlers = getCommandHandlers(command, session);
        return handlers != null && handlers.stream().anyMatch(handler -> handler.getImplCommands().contains(getUnknownCommandHandlerIdentifier()));
    }

    private Response dispatchWith(SMTPSession session, Request request, HookDecision decision, String command) {
        if (decision.kind() == HookDecision.Kind.PROCEED) {
            return super.dispatchCommandHandlers(session, request);
        }
        if (decision.code().isPresent() && isUnknown(command, session)) {
            // A command a plugin implements (accept with a reply), or refuses: answered as the plugin says.
            return PluginRounds.responseOf(decision);
        }
        session.setAttachment(DECISION, decision, State.Connection);
        try {
            return super.dispatchCommandHandlers(session, request);
        } finally {
            session.removeAttachment(DECISION, State.Connection);
        }
    }

    record MailArgument(String address, Map<String, String> parameters) {
    }

    /** The address and parameters of MAIL FROM or RCPT TO, read leniently; empty when the handler will refuse the syntax anyway. */
    static Optional<MailArgument> mailArgument(String argument, String prefix) {
        if (!argument.regionMatches(true, 0, prefix, 0, prefix.length())) {
            return Optional.empty();
        }
        String rest = argument.substring(prefix.length()).trim();
        String address;
        String parameters;
        if (rest.startsWith("<")) {
            int end = rest.indexOf('>');
            if (end < 0) {
                return Optional.empty();
            }
            address = rest.substring(1, end);
            parameters = rest.substring(end + 1).trim();
        } else {
            int space = rest.indexOf(' ');
            address = space < 0 ? rest : rest.substring(0, space);
            parameters = space < 0 ? "" : rest.substring(space + 1).trim();
        }
        if (address.startsWith("@") && address.contains(":")) {
            address = address.substring(address.indexOf(':') + 1); // source route (RFC 5321 C)
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String parameter : parameters.split(" +")) {
            if (!parameter.isEmpty()) {
                int equals = parameter.indexOf('=');
                values.put((equals < 0 ? parameter : parameter.substring(0, equals)).toUpperCase(Locale.ROOT),
                    equals < 0 ? "" : parameter.substring(equals + 1));
            }
        }
        return Optional.of(new MailArgument(address, Map.copyOf(values)));
    }

    /** Answers the plugins' decision kept for the command being handled; placed after the server's own hooks. */
    public static final class Verdict implements HeloHook, MailHook, RcptHook, UnknownHook {
        @Override
        public HookResult doHelo(SMTPSession session, String helo) {
            return current(session);
        }

        @Override
        public HookResult doMail(SMTPSession session, MaybeSender sender) {
            return current(session);
        }

        @Override
        public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress rcpt) {
            return current(session);
        }

        @Override
        public HookResult doUnknown(SMTPSession session, String command) {
            return current(session);
        }

        private static HookResult current(SMTPSession session) {
            return session.getAttachment(DECISION, State.Connection).map(PluginRounds::hookResultOf).orElse(HookResult.DECLINED);
        }
    }
}
