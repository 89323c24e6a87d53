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
import java.util.function.Supplier;

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
 * AUTH PLAIN and LOGIN (RFC 4954, 4616), and OAUTHBEARER (RFC 7628) and XOAUTH2 when bearer tokens are
 * configured ({@link BearerTokens}), offered and accepted only after EHLO over TLS. It takes the
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
    private static final String INVALID_TOKEN_CHALLENGE = Base64.getEncoder().encodeToString(
        "{\"status\":\"invalid_token\",\"schemes\":\"bearer\"}".getBytes(StandardCharsets.US_ASCII));

    private final UserDirectory users;
    private final Executor passwordChecks;
    private final AuthFailures failures;
    private final int maxFailuresPerSession;
    private final PluginRounds plugins;
    private final Runnable onFailure;
    private final BearerTokens bearerTokens;

    /**
     * @param plugins the plugins whose AUTH hooks see each successful login, or null
     * @param onFailure told of each failed login (for metrics)
     * @param bearerTokens how OAuth bearer tokens are checked, or null when OAUTHBEARER and XOAUTH2 are not offered
     */
    public AuthCommandHandler(UserDirectory users, Executor passwordChecks, AuthFailures failures, int maxFailuresPerSession,
                       PluginRounds plugins, Runnable onFailure, BearerTokens bearerTokens) {
        this.bearerTokens = bearerTokens;
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
        if (!session.isTLSStarted() || session.getUsername() != null) {
            return List.of();
        }
        return List.of(bearerTokens == null ? "AUTH PLAIN LOGIN" : "AUTH PLAIN LOGIN OAUTHBEARER XOAUTH2");
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
            case "OAUTHBEARER", "XOAUTH2" -> {
                if (bearerTokens == null) {
                    yield SmtpReplies.UNKNOWN_AUTH_MECHANISM;
                }
                yield initialResponse == null
                    ? askFor("", session, response -> bearer((SmtpSession) session, mechanism, response))
                    : bearer((SmtpSession) session, mechanism, initialResponse);
            }
            default -> SmtpReplies.UNKNOWN_AUTH_MECHANISM;
        };
    }

    /**
     * OAUTHBEARER ({@code n,a=<user>,^Aauth=Bearer <token>^A^A}) or XOAUTH2 ({@code user=<user>^Aauth=Bearer <token>^A^A}):
     * the token must be valid and name the user given, if one is given.
     */
    private Response bearer(SmtpSession session, String mechanism, String encoded) {
        String[] parts = decode(encoded).map(text -> text.split("\u0001", -1)).orElse(null);
        if (parts == null || parts.length < 2) {
            return SmtpReplies.AUTH_CANNOT_DECODE;
        }
        String claimed = "";
        String token = null;
        if (mechanism.equals("OAUTHBEARER")) {
            String[] header = parts[0].split(",", -1);
            if (header.length < 2 || !header[0].equals("n") && !header[0].equals("y")) {
                return SmtpReplies.AUTH_CANNOT_DECODE;
            }
            claimed = header[1].startsWith("a=") ? header[1].substring(2) : "";
        }
        for (String pair : parts) {
            if (pair.startsWith("user=")) {
                claimed = pair.substring(5);
            } else if (pair.regionMatches(true, 0, "auth=Bearer ", 0, 12)) {
                token = pair.substring(12).strip();
            }
        }
        if (token == null || token.isEmpty()) {
            return SmtpReplies.AUTH_CANNOT_DECODE;
        }
        String bearerToken = token;
        String user = claimed;
        return check(session, mechanism, claimed,
            () -> bearerTokens.userOf(bearerToken).filter(named -> user.isEmpty() || named.equalsIgnoreCase(user)));
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
        return checkPassword(session, "PLAIN", username, parts[2]);
    }

    private Response loginPassword(SMTPSession session, String encodedUsername) {
        String username = decode(encodedUsername).orElse(null);
        if (username == null) {
            return SmtpReplies.AUTH_CANNOT_DECODE;
        }
        return askFor(PASSWORD_CHALLENGE, session, encodedPassword -> {
            String password = decode(encodedPassword).orElse(null);
            return password == null ? SmtpReplies.AUTH_CANNOT_DECODE : checkPassword((SmtpSession) session, "LOGIN", username, password);
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

    private Response checkPassword(SmtpSession session, String mechanism, String username, String password) {
        return check(session, mechanism, username, () -> users.authenticate(username, password) ? Optional.of(username) : Optional.empty());
    }

    /**
     * Runs the check away from the IO thread while the session is held, then answers.
     *
     * @param claimed the user the client named, for the log of a failure
     * @param check the user whose credentials are valid, or empty
     */
    private Response check(SmtpSession session, String mechanism, String claimed, Supplier<Optional<String>> check) {
        SessionFlow flow = session.flow();
        flow.hold();
        try {
            passwordChecks.execute(() -> {
                Optional<String> valid = check.get();
                flow.executeOnSessionThread(() -> {
                    if (valid.isPresent() && plugins != null && !plugins.isEmpty()) {
                        askPlugins(session, mechanism, valid.get(), flow);
                        return;
                    }
                    Response reply = valid.isPresent() ? succeed(session, mechanism, valid.get()) : failure(session, mechanism, claimed);
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

    /**
     * A failed OAUTHBEARER or XOAUTH2 first gets the error challenge its RFC asks for, and the failure reply
     * after the client's answer to it (RFC 7628 section 3.2.3).
     */
    private Response failure(SmtpSession session, String mechanism, String claimed) {
        if (mechanism.equals("OAUTHBEARER") || mechanism.equals("XOAUTH2")) {
            return askFor(INVALID_TOKEN_CHALLENGE, session, ignored -> fail(session, mechanism, claimed));
        }
        return fail(session, mechanism, claimed);
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
