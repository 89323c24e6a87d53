package dev.mailserver.smtp.auth;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;

import org.apache.james.core.Username;
import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.esmtp.EhloExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailserver.core.directory.UserDirectory;
import dev.mailserver.smtp.chain.SmtpReplies;
import dev.mailserver.smtp.data.ClientText;
import dev.mailserver.smtp.plugin.PluginRounds;
import dev.mailserver.smtp.server.SessionFlow;
import dev.mailserver.smtp.server.SmtpSession;
import dev.mailserver.plugin.api.SessionInfo;

/**
 * AUTH PLAIN and LOGIN (RFC 4954, 4616), offered and accepted only after EHLO over TLS. It takes the
 * place of the library's AUTH handler, which accepts AUTH without TLS and checks passwords on the IO
 * thread: here the password check, a deliberately slow hash, runs on its own executor while the
 * session's input is held, and the reply follows when it is done.
 *
 * <p>A failure is answered {@code 535 5.7.8}, later the more the client has failed lately (see
 * {@link AuthFailures}); the session's last allowed failure closes it with {@code 421 4.7.0}, and so
 * does any AUTH from a client that has failed too often lately. Each failure is logged with the
 * client's address, for fail2ban-style tools.
 */
public final class AuthCommandHandler implements CommandHandler<SMTPSession>, EhloExtension {
    private static final Logger LOGGER = LoggerFactory.getLogger(AuthCommandHandler.class);
    private static final AttachmentKey<Integer> FAILURES = AttachmentKey.of("authFailures", Integer.class);
    private static final String USERNAME_CHALLENGE = Base64.getEncoder().encodeToString("Username:".getBytes(StandardCharsets.US_ASCII));
    private static final String PASSWORD_CHALLENGE = Base64.getEncoder().encodeToString("Password:".getBytes(StandardCharsets.US_ASCII));
    private static final int MAX_LOGGED_USERNAME = 128;

    private final UserDirectory users;
    private final Executor passwordChecks;
    private final AuthFailures failures;
    private final int maxFailuresPerSession;
    private final PluginRounds plugins;
    private final Runnable onFailure;

    /**
     * @param plugins the plugins whose AUTH hooks see each successful login, or null
     * @param onFailure told of each failed login (for metrics)
     */
    public AuthCommandHandler(UserDirectory users, Executor passwordChecks, AuthFailures failures, int maxFailuresPerSession,
                       PluginRounds plugins, Runnable onFailure) {
        this.plugins = plugins;
        this.users = users;
        this.passwordChecks = passwordChecks;
        this.failures = failures;
        this.maxFailuresPerSession = maxFailuresPerSession;
        this.onFailure = onFailure;
    }

    @Override
    public Collection<String> getImplCommands() {
        return List.of("AUTH");
    }

    @Override
    public List<String> getImplementedEsmtpFeatures(SMTPSession session) {
        return session.isTLSStarted() && session.getUsername() == null ? List.of("AUTH PLAIN LOGIN") : List.of();
    }

    @Override
    public Response onCommand(SMTPSession session, Request request) {
        if (!"EHLO".equals(session.getAttachment(SMTPSession.CURRENT_HELO_MODE, State.Connection).orElse(""))) {
            return SmtpReplies.AUTH_NEEDS_EHLO;
        }
        if (!session.isTLSStarted()) {
            return SmtpReplies.TLS_REQUIRED;
        }
        if (session.getUsername() != null) {
            return SmtpReplies.ALREADY_AUTHENTICATED;
        }
        if (session.getAttachment(SMTPSession.SENDER, State.Transaction).isPresent()) {
            return SmtpReplies.AUTH_IN_TRANSACTION;
        }
        if (failures.isBlocked(session.getRemoteAddress().getAddress())) {
            LOGGER.warn("AUTH refused: client=[{}] has failed too often lately", clientOf(session));
            return SmtpReplies.CLIENT_BLOCKED;
        }
        String argument = request.getArgument() == null ? "" : request.getArgument().trim();
        String[] words = argument.split(" ", 2);
        String mechanism = words[0].toUpperCase(Locale.ROOT);
        String initialResponse = words.length > 1 ? words[1].trim() : null;
        return switch (mechanism) {
            case "PLAIN" -> initialResponse == null
                ? askFor("", session, response -> plain((SmtpSession) session, response))
                : plain((SmtpSession) session, initialResponse);
            case "LOGIN" -> initialResponse == null
                ? askFor(USERNAME_CHALLENGE, session, username -> loginPassword(session, username))
                : loginPassword(session, initialResponse);
            default -> SmtpReplies.UNKNOWN_AUTH_MECHANISM;
        };
    }

    private Response plain(SmtpSession session, String encoded) {
        String[] parts = decode(encoded).map(text -> text.split("\0", -1)).orElse(null);
        if (parts == null || parts.length != 3) {
            return SmtpReplies.AUTH_CANNOT_DECODE;
        }
        String authorizationId = parts[0];
        String username = parts[1];
        if (!authorizationId.isEmpty() && !authorizationId.equalsIgnoreCase(username)) {
            // Logging in as one user to act as another is not offered.
            return fail(session, "PLAIN", username);
        }
        return check(session, "PLAIN", username, parts[2]);
    }

    private Response loginPassword(SMTPSession session, String encodedUsername) {
        String username = decode(encodedUsername).orElse(null);
        if (username == null) {
            return SmtpReplies.AUTH_CANNOT_DECODE;
        }
        return askFor(PASSWORD_CHALLENGE, session, encodedPassword -> {
            String password = decode(encodedPassword).orElse(null);
            return password == null ? SmtpReplies.AUTH_CANNOT_DECODE : check((SmtpSession) session, "LOGIN", username, password);
        });
    }

    /** Sends a 334 challenge; the client's next line goes to {@code then}, unless it cancels with "*". */
    private static Response askFor(String challenge, SMTPSession session, Function<String, Response> then) {
        session.pushLineHandler((LineHandler<SMTPSession>) (ignored, line) -> {
            session.popLineHandler();
            String answer = new String(line, StandardCharsets.US_ASCII).strip();
            return "*".equals(answer) ? SmtpReplies.AUTH_CANCELLED : then.apply(answer);
        });
        return SmtpReplies.authChallenge(challenge);
    }

    private Response check(SmtpSession session, String mechanism, String username, String password) {
        SessionFlow flow = session.flow();
        flow.hold();
        try {
            passwordChecks.execute(() -> {
                boolean valid = users.authenticate(username, password);
                flow.executeOnSessionThread(() -> {
                    if (valid && plugins != null && !plugins.isEmpty()) {
                        askPlugins(session, mechanism, username, flow);
                        return;
                    }
                    Response reply = valid ? succeed(session, mechanism, username) : fail(session, mechanism, username);
                    if (reply != null) {
                        session.getProtocolTransport().writeResponse(reply, session);
                    }
                    // A delayed failure reply holds the session on its own (holds nest).
                    flow.release();
                });
            });
        } catch (RejectedExecutionException e) {
            flow.release();
            LOGGER.warn("AUTH from [{}] refused for now: too many password checks waiting", clientOf(session));
            return SmtpReplies.AUTH_TEMPORARILY_UNAVAILABLE;
        }
        return null;
    }

    /** The plugins' AUTH hooks, after valid credentials; a refusal leaves the session unauthenticated. */
    private void askPlugins(SmtpSession session, String mechanism, String username, SessionFlow flow) {
        SessionInfo info = plugins.infoOf(session);
        plugins.run(session, "AUTH", hook -> hook.onAuth(info, username, mechanism)).thenAccept(decision -> {
            try {
                Response reply;
                if (decision.isRefusal()) {
                    LOGGER.warn("AUTH refused by a plugin: client=[{}], mechanism={}, user=<{}>: {}", clientOf(session), mechanism,
                        ClientText.printable(username, MAX_LOGGED_USERNAME), decision);
                    reply = PluginRounds.responseOf(decision);
                } else {
                    reply = succeed(session, mechanism, username);
                }
                session.getProtocolTransport().writeResponse(reply, session);
            } finally {
                flow.release();
            }
        });
    }

    private static Response succeed(SmtpSession session, String mechanism, String username) {
        session.setUsername(Username.of(username));
        session.setRelayingAllowed(true);
        LOGGER.info("AUTH succeeded: client=[{}], mechanism={}, user=<{}>", clientOf(session), mechanism, username);
        return SmtpReplies.AUTHENTICATED;
    }

    /** Answers a failure now, or later (returning null) when the client has failed lately. */
    private Response fail(SmtpSession session, String mechanism, String username) {
        int fromClient = failures.record(session.getRemoteAddress().getAddress());
        onFailure.run();
        int inSession = session.getAttachment(FAILURES, State.Connection).orElse(0) + 1;
        session.setAttachment(FAILURES, inSession, State.Connection);
        LOGGER.warn("AUTH failed: client=[{}], mechanism={}, user=<{}>, failures from this client={}", clientOf(session), mechanism,
            ClientText.printable(username, MAX_LOGGED_USERNAME), fromClient);
        Response reply = inSession >= maxFailuresPerSession ? SmtpReplies.TOO_MANY_AUTH_FAILURES : SmtpReplies.AUTH_FAILED;
        Duration delay = failures.replyDelay(fromClient);
        if (delay.isZero()) {
            return reply;
        }
        SessionFlow flow = session.flow();
        flow.hold();
        flow.executeOnSessionThread(() -> {
            session.getProtocolTransport().writeResponse(reply, session);
            flow.release();
        }, delay);
        return null;
    }

    private static Optional<String> decode(String base64) {
        try {
            return Optional.of(new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String clientOf(SMTPSession session) {
        return session.getRemoteAddress().getAddress().getHostAddress();
    }
}
