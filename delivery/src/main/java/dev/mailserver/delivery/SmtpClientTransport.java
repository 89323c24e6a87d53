package dev.mailserver.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.angus.mail.smtp.SMTPTransport;

import dev.mailserver.core.MessageContent;
import dev.mailserver.core.wire.DotStuffingOutputStream;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;

/**
 * Angus Mail's SMTP client (connection, EHLO, STARTTLS, AUTH, timeouts) with our own mail transaction:
 * the envelope pipelined when the server offers PIPELINING (RFC 2920), a reply kept for every recipient,
 * and the stored message bytes sent as they are in BDAT chunks when the server offers CHUNKING (RFC 3030),
 * else dot-stuffed with DATA ({@link DotStuffingOutputStream}, as LMTP and POP3 write them). Both write to
 * Angus Mail's connection output stream directly.
 */
final class SmtpClientTransport extends SMTPTransport {
    /** The most content one BDAT chunk carries. */
    private static final int CHUNK_BYTES = 1024 * 1024;
    private static final Field SERVER_OUTPUT = serverOutputField();

    SmtpClientTransport(Session session) {
        super(session, new URLName("smtp", null, -1, null, null, null));
    }

    /**
     * The replies of one transaction. When MAIL FROM was refused, its reply stands for every recipient and
     * the recipients' replies may be missing; {@code data} is null when no recipient was accepted.
     */
    record Replies(SmtpReply mailFrom, List<SmtpReply> rcptTo, SmtpReply data) {
    }

    /**
     * The server closed the connection, or said {@code 421} (closing), before it answered the first command of
     * a transaction: it has taken nothing of the message, so the message may go over another connection.
     * This is how a cached connection that the server closed while it was idle shows itself.
     */
    static final class ClosedBeforeReply extends MessagingException {
        ClosedBeforeReply(String reason, Exception cause) {
            super(reason, cause);
        }
    }

    /**
     * Runs MAIL FROM, one RCPT TO per recipient and, when a recipient was accepted, DATA with the content.
     * With PIPELINING the envelope and DATA go in one write and the replies are read after it (RFC 2920),
     * so a transaction costs two round trips (one with CHUNKING, whose BDAT follows the envelope's replies).
     * The server is left ready for the next transaction.
     *
     * @param mailFrom the MAIL FROM command
     * @throws ClosedBeforeReply when the connection turns out closed before the first reply
     * @throws MessagingException when the connection fails; it is then no longer usable
     */
    synchronized Replies transaction(String mailFrom, List<String> rcptTo, MessageContent content)
        throws MessagingException, IOException {
        List<String> envelope = new ArrayList<>();
        envelope.add(mailFrom);
        envelope.addAll(rcptTo);
        boolean chunking = offersChunking();
        boolean pipelining = supportsExtension("PIPELINING");
        if (pipelining && !chunking) {
            envelope.add("DATA");
        }
        List<SmtpReply> replies = pipelining ? pipelined(envelope) : oneByOne(envelope);
        SmtpReply mail = replies.get(0);
        List<SmtpReply> recipients = replies.subList(1, Math.min(replies.size(), 1 + rcptTo.size()));
        boolean accepted = mail.isPositive() && recipients.stream().anyMatch(SmtpReply::isPositive);
        if (pipelining && !chunking) {
            SmtpReply ready = replies.get(replies.size() - 1);
            if (!accepted) {
                endUnwantedData(ready);
                reset();
                return new Replies(mail, recipients, null);
            }
            return new Replies(mail, recipients, ready.code() == 354 ? content(content) : refusedData(ready));
        }
        if (!accepted) {
            reset();
            return new Replies(mail, recipients, null);
        }
        return new Replies(mail, recipients, chunking ? chunked(content) : data(content));
    }

    /** The commands in one write, then a reply for each. */
    private List<SmtpReply> pipelined(List<String> commands) throws MessagingException {
        StringBuilder group = new StringBuilder();
        for (String command : commands) {
            if (command.indexOf('\r') >= 0 || command.indexOf('\n') >= 0) {
                throw new MessagingException("an SMTP command must be one line: " + command.strip());
            }
            group.append(command).append("\r\n");
        }
        try {
            OutputStream out = rawOutput();
            out.write(group.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new ClosedBeforeReply("connection lost: " + e.getMessage(), e);
        }
        List<SmtpReply> replies = new ArrayList<>();
        replies.add(firstReply());
        for (int i = 1; i < commands.size(); i++) {
            replies.add(readReply());
        }
        return replies;
    }

    /** Without pipelining, a refused MAIL FROM ends the transaction. */
    private List<SmtpReply> oneByOne(List<String> commands) throws MessagingException {
        List<SmtpReply> replies = new ArrayList<>();
        for (String command : commands) {
            sendCommand(command);
            replies.add(replies.isEmpty() ? firstReply() : readReply());
            if (!replies.get(0).isPositive()) {
                break;
            }
        }
        return replies;
    }

    /**
     * The reply to a transaction's first command: the end of the stream, a reset connection or a {@code 421}
     * there means that the server is gone ({@link ClosedBeforeReply}); a timeout does not.
     */
    private SmtpReply firstReply() throws MessagingException {
        SmtpReply reply;
        try {
            reply = readReply();
        } catch (MessagingException e) {
            if (timedOut(e)) {
                throw e;
            }
            throw new ClosedBeforeReply(e.getMessage(), e);
        }
        if (reply.code() == 421) {
            throw new ClosedBeforeReply("the server is closing the connection: " + reply.text(), null);
        }
        return reply;
    }

    private static boolean timedOut(Exception e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /**
     * RFC 2920 section 3.1: a server may say 354 to a pipelined DATA though it took no recipient; the client
     * then sends the end of an empty message.
     */
    private void endUnwantedData(SmtpReply ready) throws MessagingException {
        if (ready.code() == 354) {
            sendCommand(".");
            readReply();
        }
    }

    private SmtpReply data(MessageContent content) throws MessagingException, IOException {
        sendCommand("DATA");
        SmtpReply ready = readReply();
        return ready.code() == 354 ? content(content) : refusedData(ready);
    }

    /** DATA was not answered with 354: the transaction ends there. */
    private SmtpReply refusedData(SmtpReply reply) throws MessagingException {
        reset();
        return reply;
    }

    /** After 354: the content, dot-stuffed and ended with the terminator, then the server's reply to it. */
    private SmtpReply content(MessageContent content) throws MessagingException, IOException {
        DotStuffingOutputStream out = new DotStuffingOutputStream(rawOutput());
        try (InputStream in = content.openStream()) {
            in.transferTo(out);
            out.finish();
        } catch (IOException | RuntimeException e) {
            dropConnection(out, e);
            throw e;
        }
        SmtpReply reply = readReply();
        if (!reply.isPositive()) {
            reset();
        }
        return reply;
    }

    /**
     * Closes the socket under the DATA stream, so that half-sent content is neither ended with the
     * terminator (the server would take a truncated message) nor followed by a QUIT (it would be content).
     */
    private static void dropConnection(OutputStream out, Exception cause) {
        try {
            out.close();
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }

    /**
     * The content in BDAT chunks, as stored: BDAT carries octets, so there is no dot-stuffing and no line-end
     * conversion. Angus Mail offers BDAT too but dot-stuffs the chunks, and it refuses command lines with a
     * CR or LF, so the chunks are written to its connection's output stream directly.
     */
    private SmtpReply chunked(MessageContent content) throws MessagingException, IOException {
        OutputStream out = rawOutput();
        byte[] buffer = new byte[(int) Math.min(CHUNK_BYTES, Math.max(content.size(), 1))];
        long remaining = content.size();
        try (InputStream in = content.openStream()) {
            while (true) {
                int length = in.readNBytes(buffer, 0, (int) Math.min(buffer.length, Math.max(remaining, 0)));
                remaining -= length;
                boolean last = remaining <= 0 || length == 0;
                out.write(("BDAT " + length + (last ? " LAST" : "") + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(buffer, 0, length);
                out.flush();
                SmtpReply reply = readReply();
                if (!reply.isPositive()) {
                    reset();
                    return reply;
                }
                if (last) {
                    return reply;
                }
            }
        }
    }

    private boolean offersChunking() {
        return supportsExtension("CHUNKING");
    }

    private OutputStream rawOutput() throws MessagingException {
        try {
            return (OutputStream) SERVER_OUTPUT.get(this);
        } catch (IllegalAccessException e) {
            throw new MessagingException("cannot write the message to the connection", e);
        }
    }

    /** Angus Mail's output stream to the server (buffered, behind TLS when started). */
    private static Field serverOutputField() {
        try {
            Field field = SMTPTransport.class.getDeclaredField("serverOutput");
            field.setAccessible(true);
            if (!OutputStream.class.isAssignableFrom(field.getType())) {
                throw new IllegalStateException("Angus Mail's SMTPTransport.serverOutput is no OutputStream");
            }
            return field;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("this Angus Mail version has no SMTPTransport.serverOutput", e);
        }
    }

    private void reset() throws MessagingException {
        sendCommand("RSET");
        readReply();
    }

    /** The next reply; a closed connection or an unreadable reply is a failure of the connection. */
    private SmtpReply readReply() throws MessagingException {
        int code = readServerResponse();
        if (code < 200) {
            throw new MessagingException("connection lost: " + getLastServerResponse().strip());
        }
        return lastReply();
    }

    private SmtpReply lastReply() throws MessagingException {
        if (getLastReturnCode() < 200) {
            throw new MessagingException("connection lost: " + getLastServerResponse().strip());
        }
        return SmtpReply.of(getLastReturnCode(), getLastServerResponse());
    }
}
