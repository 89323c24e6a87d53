package dev.mailserver.smtp.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLSocket;

/**
 * A raw SMTP client for tests that need byte-level control (smuggling, pipelining, dot-stuffing).
 * Every read is bounded by the socket timeout. Shared through smtp-protocol's test-jar.
 */
public final class SmtpTestClient implements AutoCloseable {
    private static final int TIMEOUT_MILLIS = 15_000;

    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private List<String> lastReply = List.of();

    public SmtpTestClient(InetSocketAddress server) throws IOException {
        this(server, null);
    }

    /** Connects from this local (loopback) address, or any when null. */
    public SmtpTestClient(InetSocketAddress server, InetAddress local) throws IOException {
        socket = new Socket();
        socket.bind(local == null ? null : new InetSocketAddress(local, 0));
        socket.connect(server, TIMEOUT_MILLIS);
        socket.setSoTimeout(TIMEOUT_MILLIS);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** Connects with TLS from the first byte (SMTPS, port 465), trusting any certificate. */
    public static SmtpTestClient implicitTls(InetSocketAddress server) throws IOException {
        SmtpTestClient client = new SmtpTestClient(server);
        client.upgradeToTls();
        return client;
    }

    /** Sends STARTTLS and, after the 220, makes the TLS handshake (trusting any certificate). */
    public void startTls() throws IOException {
        expect(command("STARTTLS"), "220");
        upgradeToTls();
    }

    /** The protocol of the TLS session, e.g. {@code TLSv1.3}. */
    public String tlsProtocol() {
        return ((SSLSocket) socket).getSession().getProtocol();
    }

    /** Makes the TLS handshake on the open connection, e.g. after reading the 220 to a STARTTLS sent by hand. */
    public void upgradeToTls() throws IOException {
        SSLSocket tls = (SSLSocket) TrustingTls.socketFactory().createSocket(socket, socket.getInetAddress().getHostAddress(), socket.getPort(), true);
        tls.setUseClientMode(true);
        tls.setSoTimeout(TIMEOUT_MILLIS);
        tls.startHandshake();
        socket = tls;
        in = tls.getInputStream();
        out = tls.getOutputStream();
    }

    /** Connects, reads the greeting and says EHLO. */
    public static SmtpTestClient greeted(InetSocketAddress server) throws IOException {
        SmtpTestClient client = new SmtpTestClient(server);
        client.expect("220");
        client.command("EHLO client.test");
        return client;
    }

    /** Sends a command line and returns the (last line of the) reply. */
    public String command(String line) throws IOException {
        send(line + "\r\n");
        return reply();
    }

    /** Sends a command line as UTF-8 (SMTPUTF8) and returns the (last line of the) reply, read as UTF-8. */
    public String commandUtf8(String line) throws IOException {
        sendBytes((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        String reply = reply();
        return new String(reply.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    public void send(String raw) throws IOException {
        sendBytes(raw.getBytes(StandardCharsets.ISO_8859_1));
    }

    public void sendBytes(byte[] raw) throws IOException {
        out.write(raw);
        out.flush();
    }

    /** What one read of the socket returns (waiting for the first byte): the bytes the server sent in one write. */
    public String readOnce() throws IOException {
        byte[] buffer = new byte[8192];
        int read = in.read(buffer);
        return read < 0 ? "" : new String(buffer, 0, read, StandardCharsets.ISO_8859_1);
    }

    /** Every line of the last reply read, e.g. the EHLO keywords. */
    public List<String> lastReplyLines() {
        return lastReply;
    }

    /** Reads one complete reply, multi-line or not, and returns its last line. */
    public String reply() throws IOException {
        List<String> lines = new ArrayList<>();
        String line;
        do {
            line = readLine();
            if (line == null) {
                throw new IOException("connection closed; reply so far: " + lines);
            }
            lines.add(line);
        } while (line.length() > 3 && line.charAt(3) == '-');
        lastReply = List.copyOf(lines);
        return line;
    }

    public String expect(String code) throws IOException {
        return expect(reply(), code);
    }

    private static String expect(String reply, String code) {
        if (!reply.startsWith(code)) {
            throw new AssertionError("expected " + code + " but got: " + reply);
        }
        return reply;
    }

    /** Sends a whole transaction and returns the reply to the end of DATA. */
    public String sendMessage(String from, String to, String dotStuffedBody) throws IOException {
        return sendMessage(from, List.of(to), dotStuffedBody);
    }

    /** Sends a whole transaction to several recipients and returns the reply to the end of DATA. */
    public String sendMessage(String from, List<String> recipients, String dotStuffedBody) throws IOException {
        expectCommand("MAIL FROM:<" + from + ">", "250");
        for (String to : recipients) {
            expectCommand("RCPT TO:<" + to + ">", "250");
        }
        expectCommand("DATA", "354");
        send(dotStuffedBody + ".\r\n");
        return reply();
    }

    private void expectCommand(String line, String code) throws IOException {
        send(line + "\r\n");
        expect(code);
    }

    /** True when the server has closed the connection (read returns end of stream). */
    public boolean isClosedByServer() throws IOException {
        try {
            return in.read() == -1;
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
