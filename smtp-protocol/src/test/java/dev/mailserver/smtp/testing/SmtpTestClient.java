package dev.mailserver.smtp.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A raw SMTP client for tests that need byte-level control (smuggling, pipelining, dot-stuffing).
 * Every read is bounded by the socket timeout. Shared through smtp-protocol's test-jar.
 */
public final class SmtpTestClient implements AutoCloseable {
    private static final int TIMEOUT_MILLIS = 15_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public SmtpTestClient(InetSocketAddress server) throws IOException {
        socket = new Socket();
        socket.connect(server, TIMEOUT_MILLIS);
        socket.setSoTimeout(TIMEOUT_MILLIS);
        in = socket.getInputStream();
        out = socket.getOutputStream();
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

    public void send(String raw) throws IOException {
        sendBytes(raw.getBytes(StandardCharsets.ISO_8859_1));
    }

    public void sendBytes(byte[] raw) throws IOException {
        out.write(raw);
        out.flush();
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
        return line;
    }

    public String expect(String code) throws IOException {
        String reply = reply();
        if (!reply.startsWith(code)) {
            throw new AssertionError("expected " + code + " but got: " + reply);
        }
        return reply;
    }

    /** Sends a whole transaction and returns the reply to the end of DATA. */
    public String sendMessage(String from, String to, String dotStuffedBody) throws IOException {
        expectCommand("MAIL FROM:<" + from + ">", "250");
        expectCommand("RCPT TO:<" + to + ">", "250");
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
