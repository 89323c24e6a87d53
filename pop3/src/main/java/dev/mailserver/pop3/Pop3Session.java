package dev.mailserver.pop3;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;

import dev.mailserver.core.directory.PasswordLogin;
import dev.mailserver.core.directory.SessionLogins;
import dev.mailserver.storage.maildir.MaildirMessages;
import dev.mailserver.storage.maildir.MaildirMessages.StoredMessage;

/**
 * One POP3 session (RFC 1939, RFC 2449 CAPA, RFC 2595 STLS, RFC 5034 SASL PLAIN). The netty IO thread only decodes
 * lines; each command then runs, in order, on the session's own virtual thread, where password checks and file
 * reads may block. Logging in needs TLS.
 */
final class Pop3Session extends SimpleChannelInboundHandler<ByteBuf> {
    private static final Logger LOGGER = LoggerFactory.getLogger(Pop3Session.class);

    private enum State { AUTHORIZATION, TRANSACTION }

    private final Pop3Services services;
    private final Pop3LineDecoder decoder;
    private final ExecutorService commands = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("pop3-session").factory());
    private final AtomicInteger queuedLines = new AtomicInteger();
    private final SessionLogins logins;
    private ChannelHandlerContext context;
    private volatile boolean tls;
    private State state = State.AUTHORIZATION;
    private String user;
    private boolean awaitingSaslResponse;
    private Pop3Maildrop maildrop;

    Pop3Session(Pop3Services services, Pop3LineDecoder decoder) {
        this.services = services;
        this.decoder = decoder;
        this.logins = new SessionLogins(services.login(), services.settings().maxAuthFailures());
        this.tls = services.settings().tls() == Pop3Tls.IMPLICIT;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.context = ctx;
        reply("+OK POP3 server ready");
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf line) {
        String text = line.toString(StandardCharsets.ISO_8859_1);
        queuedLines.incrementAndGet();
        try {
            commands.execute(() -> {
                queuedLines.decrementAndGet();
                handleSafely(text);
            });
        } catch (RejectedExecutionException closing) {
            // the session is over
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        try {
            commands.execute(this::release);
        } catch (RejectedExecutionException alreadyClosed) {
            // released before
        }
        commands.shutdown();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent) {
            replyAndClose("-ERR idle for too long, closing");
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            reply("-ERR line too long");
            return;
        }
        LOGGER.debug("POP3 connection from {} failed: {}", remote(), cause.toString());
        ctx.close();
    }

    private void handleSafely(String line) {
        try {
            handle(line);
        } catch (IOException e) {
            LOGGER.warn("POP3 session of {}: {}", user, e.toString());
            replyAndClose("-ERR [SYS/TEMP] mailbox error, try again later");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            context.close();
        }
    }

    private void handle(String line) throws IOException, InterruptedException {
        if (awaitingSaslResponse) {
            awaitingSaslResponse = false;
            if (line.equals("*")) {
                reply("-ERR [AUTH] authentication cancelled");
            } else {
                plain(line);
            }
            return;
        }
        int space = line.indexOf(' ');
        String command = (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
        String argument = space < 0 ? "" : line.substring(space + 1);
        switch (command) {
            case "CAPA" -> capabilities();
            case "QUIT" -> quit();
            case "NOOP" -> whenLoggedIn(() -> reply("+OK"));
            default -> {
                if (state == State.AUTHORIZATION) {
                    authorization(command, argument);
                } else {
                    transaction(command, argument);
                }
            }
        }
    }

    private void capabilities() {
        StringBuilder list = new StringBuilder("+OK capability list follows\r\nTOP\r\nUIDL\r\nRESP-CODES\r\nAUTH-RESP-CODE\r\nPIPELINING\r\n");
        if (state == State.AUTHORIZATION && tls) {
            list.append("USER\r\nSASL PLAIN\r\n");
        }
        if (state == State.AUTHORIZATION && !tls) {
            list.append("STLS\r\n");
        }
        reply(list.append('.').toString());
    }

    private void authorization(String command, String argument) throws IOException, InterruptedException {
        switch (command) {
            case "STLS" -> startTls();
            case "USER", "PASS", "AUTH" -> {
                if (!tls) {
                    reply("-ERR [AUTH] log in only after STLS: passwords are never sent in the clear");
                } else if (command.equals("USER")) {
                    user = argument.strip();
                    reply(user.isEmpty() ? "-ERR a user name is needed" : "+OK");
                } else if (command.equals("PASS")) {
                    if (user == null || user.isEmpty()) {
                        reply("-ERR USER first");
                    } else {
                        login(user, argument);
                    }
                } else {
                    auth(argument);
                }
            }
            default -> reply("-ERR unknown command or not allowed before login");
        }
    }

    private void auth(String argument) throws IOException, InterruptedException {
        String[] parts = argument.strip().split(" ", 2);
        if (!parts[0].equalsIgnoreCase("PLAIN")) {
            reply("-ERR [AUTH] only SASL PLAIN is supported");
        } else if (parts.length == 2 && !parts[1].isBlank()) {
            plain(parts[1].strip());
        } else {
            awaitingSaslResponse = true;
            reply("+ ");
        }
    }

    private void plain(String response) throws IOException, InterruptedException {
        PasswordLogin.Credentials credentials;
        try {
            credentials = PasswordLogin.plain(response);
        } catch (IllegalArgumentException malformed) {
            reply("-ERR [AUTH] " + malformed.getMessage());
            return;
        }
        user = credentials.username();
        login(credentials.username(), credentials.password());
    }

    private void login(String username, String password) throws IOException, InterruptedException {
        InetAddress client = remote().getAddress();
        switch (logins.attempt(client, username, address(username), password)) {
            case SessionLogins.Blocked blocked -> replyAndClose("-ERR [AUTH] too many failed logins from your address; try again later");
            case SessionLogins.Refused refused -> {
                LOGGER.info("POP3 login failed for {} from {}", username, client.getHostAddress());
                if (refused.last()) {
                    replyAndClose("-ERR [AUTH] invalid user name or password; closing after " + refused.failures() + " failures");
                } else {
                    reply("-ERR [AUTH] invalid user name or password");
                }
            }
            case SessionLogins.Accepted accepted -> openMaildrop(accepted.user(), username, client);
        }
    }

    private void openMaildrop(MailAddress address, String username, InetAddress client) throws IOException {
        Path mailbox = MaildirMessages.mailboxDirectory(services.mailRoot(), address);
        if (!services.locks().tryLock(mailbox)) {
            reply("-ERR [IN-USE] the mailbox is open in another session");
            return;
        }
        try {
            maildrop = Pop3Maildrop.open(mailbox);
        } catch (IOException e) {
            services.locks().unlock(mailbox);
            throw e;
        }
        state = State.TRANSACTION;
        LOGGER.info("POP3 login of {} from {}: {} messages", username, client.getHostAddress(), maildrop.size());
        reply("+OK " + maildrop.liveCount() + " messages (" + maildrop.liveSize() + " octets)");
    }

    private void transaction(String command, String argument) throws IOException, InterruptedException {
        switch (command) {
            case "STAT" -> reply("+OK " + maildrop.liveCount() + " " + maildrop.liveSize());
            case "LIST" -> listing(argument, message -> String.valueOf(message.size()));
            case "UIDL" -> listing(argument, StoredMessage::uid);
            case "RETR" -> {
                Optional<StoredMessage> message = message(argument);
                if (message.isPresent()) {
                    MessageWriter.send(context.channel(), "+OK " + message.get().size() + " octets", message.get().file(), -1);
                }
            }
            case "TOP" -> top(argument);
            case "DELE" -> {
                Optional<StoredMessage> message = message(argument);
                if (message.isPresent()) {
                    maildrop.delete(Integer.parseInt(argument.strip()));
                    reply("+OK message " + argument.strip() + " deleted");
                }
            }
            case "RSET" -> {
                maildrop.undeleteAll();
                reply("+OK " + maildrop.liveCount() + " messages");
            }
            default -> reply("-ERR unknown command");
        }
    }

    private interface Column {
        String of(StoredMessage message);
    }

    private void listing(String argument, Column column) {
        if (!argument.isBlank()) {
            message(argument).ifPresent(message -> reply("+OK " + argument.strip() + " " + column.of(message)));
            return;
        }
        StringBuilder lines = new StringBuilder("+OK " + maildrop.liveCount() + " messages\r\n");
        for (int number = 1; number <= maildrop.size(); number++) {
            int current = number;
            maildrop.get(number).ifPresent(message -> lines.append(current).append(' ').append(column.of(message)).append("\r\n"));
        }
        reply(lines.append('.').toString());
    }

    private void top(String argument) throws IOException, InterruptedException {
        String[] parts = argument.strip().split("\\s+");
        if (parts.length != 2 || !parts[1].matches("\\d{1,9}")) {
            reply("-ERR usage: TOP message lines");
            return;
        }
        Optional<StoredMessage> message = message(parts[0]);
        if (message.isPresent()) {
            MessageWriter.send(context.channel(), "+OK top of message follows", message.get().file(), Long.parseLong(parts[1]));
        }
    }

    /** The live message with this number, or empty after replying why there is none. */
    private Optional<StoredMessage> message(String argument) {
        String number = argument.strip();
        if (!number.matches("\\d{1,9}")) {
            reply("-ERR a message number is needed");
            return Optional.empty();
        }
        int value = Integer.parseInt(number);
        Optional<StoredMessage> message = maildrop.get(value);
        if (message.isEmpty()) {
            reply(value >= 1 && value <= maildrop.size() && maildrop.isDeleted(value)
                ? "-ERR message " + value + " is deleted" : "-ERR no such message");
        }
        return message;
    }

    private void quit() throws IOException {
        if (state == State.TRANSACTION) {
            int removed = maildrop.expunge();
            release();
            LOGGER.info("POP3 logout of {}: {} messages deleted", user, removed);
            replyAndClose("+OK " + removed + " messages deleted, bye");
        } else {
            replyAndClose("+OK bye");
        }
    }

    private void startTls() {
        if (tls || services.settings().tls() != Pop3Tls.STARTTLS) {
            reply("-ERR TLS is already active");
            return;
        }
        // On the IO thread, which alone reads: nothing more can arrive in the clear while the handler is put in. The
        // session's next command waits for this, so that it is taken after the handshake or not at all.
        context.channel().eventLoop().submit(() -> {
            if (decoder.hasBufferedInput() || queuedLines.get() > 0) {
                replyAndClose("-ERR commands sent before the TLS handshake are refused");
                return;
            }
            SSLEngine engine = services.tls().get().createSSLEngine();
            engine.setUseClientMode(false);
            context.pipeline().addFirst("tls", new SslHandler(engine, true));
            tls = true;
            reply("+OK begin TLS negotiation");
        }).syncUninterruptibly();
    }

    private interface Command {
        void run();
    }

    private void whenLoggedIn(Command command) {
        if (state == State.TRANSACTION) {
            command.run();
        } else {
            reply("-ERR log in first");
        }
    }

    private void release() {
        if (maildrop != null) {
            services.locks().unlock(maildrop.mailbox());
            maildrop = null;
        }
    }

    private Optional<MailAddress> address(String username) {
        try {
            return Optional.of(new MailAddress(username));
        } catch (AddressException e) {
            return Optional.empty();
        }
    }

    private InetSocketAddress remote() {
        return (InetSocketAddress) context.channel().remoteAddress();
    }

    private void reply(String text) {
        context.writeAndFlush(Unpooled.copiedBuffer(text + "\r\n", StandardCharsets.ISO_8859_1));
    }

    private void replyAndClose(String text) {
        context.writeAndFlush(Unpooled.copiedBuffer(text + "\r\n", StandardCharsets.ISO_8859_1)).addListener(ChannelFutureListener.CLOSE);
    }
}
