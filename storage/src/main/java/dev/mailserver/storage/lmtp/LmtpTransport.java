package dev.mailserver.storage.lmtp;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailserver.core.DeliveryResult;
import dev.mailserver.core.MessageContent;
import dev.mailserver.core.mailbox.LocalDelivery;
import dev.mailserver.core.mailbox.MailboxStore;
import dev.mailserver.core.wire.DotStuffingOutputStream;
import dev.mailserver.storage.maildir.TraceHeaders;

/**
 * Hands each message to an LMTP server (RFC 2033), such as Dovecot's {@code lmtp}, over TCP or a unix socket: one
 * transaction per mailbox, whose RCPT and DATA replies become the mailbox's result (2xx delivered, 4xx deferred,
 * 5xx failed, with the server's enhanced status code). The LMTP server adds {@code Return-Path:} and
 * {@code Delivered-To:} and applies its own quota and Sieve; a message that already carries our
 * {@code Delivered-To:} for the mailbox fails here with {@code 5.4.6}. Folders are the LMTP server's business: mail for
 * any folder is handed over the same way.
 */
public final class LmtpTransport implements MailboxStore {
    private static final Logger LOGGER = LoggerFactory.getLogger(LmtpTransport.class);

    private final SocketAddress server;
    private final String hostname;
    private final Duration timeout;

    /** @param server an {@link java.net.InetSocketAddress} or a {@link java.net.UnixDomainSocketAddress} */
    public LmtpTransport(SocketAddress server, String hostname, Duration timeout) {
        this.server = Objects.requireNonNull(server, "server");
        this.hostname = Objects.requireNonNull(hostname, "hostname");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public DeliveryResult deliver(LocalDelivery delivery, MessageContent content) throws IOException {
        String mailbox = delivery.recipient().asString();
        if (TraceHeaders.alreadyDeliveredTo(content, delivery.recipient())) {
            return DeliveryResult.permanentFailure("5.4.6", "mail loop: the message was delivered to " + mailbox + " before");
        }
        try (SocketChannel channel = SocketChannel.open(server); Watchdog ignored = new Watchdog(channel, timeout)) {
            LmtpConversation lmtp = new LmtpConversation(new BufferedInputStream(Channels.newInputStream(channel)),
                new BufferedOutputStream(Channels.newOutputStream(channel)));
            LmtpReply reply = lmtp.expect(lmtp.read(), "greeting");
            reply = lmtp.command("LHLO " + hostname);
            if (!reply.isPositive()) {
                return reply.asFailure("LHLO");
            }
            reply = lmtp.command("MAIL FROM:<" + delivery.sender().asString("") + ">");
            if (!reply.isPositive()) {
                return reply.asFailure("MAIL FROM");
            }
            reply = lmtp.command("RCPT TO:<" + mailbox + ">");
            if (!reply.isPositive()) {
                return reply.asFailure("RCPT TO");
            }
            reply = lmtp.command("DATA");
            if (reply.code() != 354) {
                return reply.asFailure("DATA");
            }
            try (InputStream message = content.openStream()) {
                lmtp.sendDotStuffed(message);
            }
            reply = lmtp.read();
            lmtp.quit();
            LOGGER.debug("{}: LMTP {} for {}", delivery.queueId(), reply, mailbox);
            return reply.isPositive() ? DeliveryResult.delivered("lmtp " + server + " said: " + reply) : reply.asFailure("end of DATA");
        }
    }

    /** Closes the connection when the whole transaction takes longer than the timeout, which ends any blocked read or write. */
    private static final class Watchdog implements AutoCloseable {
        private final Thread thread;

        Watchdog(SocketChannel channel, Duration timeout) {
            thread = Thread.ofVirtual().name("lmtp-watchdog").start(() -> {
                try {
                    Thread.sleep(timeout);
                    LOGGER.warn("LMTP transaction took longer than {}; connection closed", timeout);
                    channel.close();
                } catch (InterruptedException finished) {
                    Thread.currentThread().interrupt();
                } catch (IOException e) {
                    LOGGER.debug("Closing a timed-out LMTP connection failed: {}", e.toString());
                }
            });
        }

        @Override
        public void close() {
            thread.interrupt();
        }
    }

    /** One connection's commands and replies. */
    private static final class LmtpConversation {
        private final InputStream in;
        private final OutputStream out;

        LmtpConversation(InputStream in, OutputStream out) {
            this.in = in;
            this.out = out;
        }

        LmtpReply command(String line) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return read();
        }

        LmtpReply expect(LmtpReply reply, String what) throws IOException {
            if (!reply.isPositive()) {
                throw new IOException("LMTP server refused the connection at " + what + ": " + reply);
            }
            return reply;
        }

        /** A reply, its continuation lines included. */
        LmtpReply read() throws IOException {
            StringBuilder text = new StringBuilder();
            while (true) {
                String line = readLine();
                if (line.length() < 3 || !line.substring(0, 3).chars().allMatch(Character::isDigit)) {
                    throw new IOException("not an LMTP reply: " + line);
                }
                text.append(line.length() > 4 ? line.substring(4) : "");
                if (line.length() == 3 || line.charAt(3) != '-') {
                    return new LmtpReply(Integer.parseInt(line.substring(0, 3)), text.toString());
                }
                text.append(' ');
            }
        }

        void sendDotStuffed(InputStream message) throws IOException {
            DotStuffingOutputStream data = new DotStuffingOutputStream(out);
            message.transferTo(data);
            data.finish();
        }

        void quit() {
            try {
                out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException alreadyClosed) {
                // the delivery's result is known
            }
        }

        private String readLine() throws IOException {
            StringBuilder line = new StringBuilder();
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                if (b != '\r') {
                    line.append((char) b);
                }
                if (line.length() > 4096) {
                    throw new IOException("LMTP reply line too long");
                }
            }
            if (b == -1 && line.isEmpty()) {
                throw new IOException("the LMTP server closed the connection");
            }
            return line.toString();
        }
    }
}
