package dev.mailserver.app.managesieve;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import javax.mail.internet.AddressException;
import javax.net.ssl.SSLEngine;

import org.apache.james.core.MailAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;

import dev.mailserver.core.InternationalAddresses;
import dev.mailserver.core.directory.PasswordLogin;
import dev.mailserver.core.directory.SessionLogins;
import dev.mailserver.storage.sieve.SieveScript;

/**
 * One ManageSieve session (RFC 5804): {@code STARTTLS}, then {@code AUTHENTICATE "PLAIN"} with the user's mail address
 * and password, then the script commands on the user's own scripts. The netty IO thread only decodes commands; each
 * then runs, in order, on the session's own virtual thread, where password checks and file access may block.
 */
final class ManageSieveSession extends ChannelInboundHandlerAdapter {
    private static final Logger LOGGER = LoggerFactory.getLogger(ManageSieveSession.class);

    private final ManageSieveServices services;
    private final ManageSieveDecoder decoder;
    private final ExecutorService commands = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("managesieve-session").factory());
    private final AtomicInteger queuedCommands = new AtomicInteger();
    private final SessionLogins logins;
    private ChannelHandlerContext context;
    private volatile boolean tls;
    private MailAddress user;
    private boolean awaitingSaslResponse;

    ManageSieveSession(ManageSieveServices services, ManageSieveDecoder decoder) {
        this.services = services;
        this.decoder = decoder;
        this.logins = new SessionLogins(services.login(), services.settings().maxAuthFailures());
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.context = ctx;
        reply(capabilities() + "OK \"ManageSieve ready\"");
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        queuedCommands.incrementAndGet();
        try {
            commands.execute(() -> {
                queuedCommands.decrementAndGet();
                handleSafely(message);
            });
        } catch (RejectedExecutionException closing) {
            // the session is over
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        commands.shutdown();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent) {
            replyAndClose("BYE \"idle for too long\"");
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOGGER.debug("ManageSieve connection from {} failed: {}", remote(), cause.toString());
        ctx.close();
    }

    private void handleSafely(Object message) {
        try {
            if (message instanceof ManageSieveDecoder.Malformed malformed) {
                awaitingSaslResponse = false;
                reply("NO " + quote(malformed.reason()));
            } else {
                handle(((ManageSieveDecoder.Command) message).words());
            }
        } catch (IOException e) {
            LOGGER.warn("ManageSieve session of {}: {}", user, e.toString());
            reply("NO (TRYLATER) \"the scripts cannot be read or written now\"");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            context.close();
        }
    }

    private void handle(List<String> words) throws IOException, InterruptedException {
        if (awaitingSaslResponse) {
            awaitingSaslResponse = false;
            if (words.isEmpty() || words.get(0).equals("*")) {
                reply("NO \"authentication cancelled\"");
            } else {
                plain(words.get(0));
            }
            return;
        }
        if (words.isEmpty()) {
            reply("NO \"an empty command\"");
            return;
        }
        String command = words.get(0).toUpperCase(Locale.ROOT);
        List<String> arguments = words.subList(1, words.size());
        switch (command) {
            case "CAPABILITY" -> reply(capabilities() + "OK");
            case "NOOP" -> reply("OK \"NOOP completed\"");
            case "LOGOUT" -> replyAndClose("OK \"bye\"");
            case "STARTTLS" -> startTls();
            case "AUTHENTICATE" -> authenticate(arguments);
            default -> {
                if (user == null) {
                    reply("NO \"log in first (STARTTLS, then AUTHENTICATE \\\"PLAIN\\\")\"");
                } else {
                    ScriptCommands.run(services.scripts(), user, command, arguments, this::reply);
                }
            }
        }
    }

    private String capabilities() {
        return "\"IMPLEMENTATION\" \"mailserver\"\r\n"
            + "\"SIEVE\" " + quote(String.join(" ", SieveScript.CAPABILITIES)) + "\r\n"
            + (tls ? "\"SASL\" \"PLAIN\"\r\n" : "\"SASL\" \"\"\r\n\"STARTTLS\"\r\n")
            + "\"MAXREDIRECTS\" \"" + SieveScript.MAX_REDIRECTS + "\"\r\n"
            + "\"VERSION\" \"1.0\"\r\n";
    }

    private void authenticate(List<String> arguments) throws IOException, InterruptedException {
        if (user != null) {
            reply("NO \"already logged in\"");
        } else if (!tls) {
            reply("NO (ENCRYPT-NEEDED) \"log in only after STARTTLS: passwords are never sent in the clear\"");
        } else if (arguments.isEmpty() || !arguments.get(0).equalsIgnoreCase("PLAIN")) {
            reply("NO \"only SASL PLAIN is supported\"");
        } else if (arguments.size() > 1) {
            plain(arguments.get(1));
        } else {
            awaitingSaslResponse = true;
            reply("\"\"");
        }
    }

    private void plain(String response) throws InterruptedException {
        PasswordLogin.Credentials credentials;
        try {
            credentials = PasswordLogin.plain(response);
        } catch (IllegalArgumentException malformed) {
            reply("NO " + quote(malformed.getMessage()));
            return;
        }
        login(credentials.username(), credentials.password());
    }

    private void login(String username, String password) throws InterruptedException {
        InetAddress client = remote().getAddress();
        switch (logins.attempt(client, username, address(username), password)) {
            case SessionLogins.Blocked blocked -> replyAndClose("BYE \"too many failed logins from your address; try again later\"");
            case SessionLogins.Refused refused -> {
                LOGGER.info("ManageSieve login failed for {} from {}", username, client.getHostAddress());
                if (refused.last()) {
                    replyAndClose("BYE \"invalid user name or password; closing after " + refused.failures() + " failures\"");
                } else {
                    reply("NO \"invalid user name or password\"");
                }
            }
            case SessionLogins.Accepted accepted -> {
                user = accepted.user();
                LOGGER.info("ManageSieve login of {} from {}", user.asString(), client.getHostAddress());
                reply("OK \"logged in\"");
            }
        }
    }

    private void startTls() {
        if (tls) {
            reply("NO \"TLS is already active\"");
            return;
        }
        // On the IO thread, which alone reads: nothing more is read in the clear once the handler is in. Commands sent
        // in the clear behind STARTTLS would pass for commands sent over TLS (the STARTTLS injection): refused.
        context.channel().eventLoop().submit(() -> {
            if (decoder.hasBufferedInput() || queuedCommands.get() > 0) {
                replyAndClose("BYE \"commands sent before the TLS handshake are refused\"");
                return;
            }
            SSLEngine engine = services.tls().get().createSSLEngine();
            engine.setUseClientMode(false);
            SslHandler handler = new SslHandler(engine, true);
            context.pipeline().addFirst("tls", handler);
            reply("OK \"begin TLS negotiation\"");
            handler.handshakeFuture().addListener(done -> {
                if (done.isSuccess()) {
                    tls = true;
                    // RFC 5804 section 2.2: the capabilities again, as they are over TLS.
                    reply(capabilities() + "OK \"TLS negotiation successful\"");
                }
            });
        }).syncUninterruptibly();
    }

    private static Optional<MailAddress> address(String username) {
        try {
            return Optional.of(InternationalAddresses.parse(username));
        } catch (AddressException e) {
            return Optional.empty();
        }
    }

    /** A quoted string of RFC 5804 section 4. */
    static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replaceAll("[\r\n]+", " ") + "\"";
    }

    private InetSocketAddress remote() {
        return (InetSocketAddress) context.channel().remoteAddress();
    }

    private void reply(String text) {
        context.writeAndFlush(Unpooled.copiedBuffer(text + "\r\n", StandardCharsets.UTF_8));
    }

    private void replyAndClose(String text) {
        context.writeAndFlush(Unpooled.copiedBuffer(text + "\r\n", StandardCharsets.UTF_8)).addListener(ChannelFutureListener.CLOSE);
    }
}
