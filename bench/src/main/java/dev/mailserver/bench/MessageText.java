package dev.mailserver.bench;

import java.nio.charset.StandardCharsets;

/** A test message of about the requested size, in SMTP's DATA form: CRLF lines, no line starting with a dot, the final dot line. */
final class MessageText {
    private MessageText() {
    }

    static byte[] ofSize(int size, String from, String to, String id) {
        StringBuilder text = new StringBuilder(size + 200);
        text.append("From: <").append(from).append(">\r\n")
            .append("To: <").append(to).append(">\r\n")
            .append("Subject: bench ").append(id).append("\r\n")
            .append("Message-ID: <").append(id).append("@client.bench.test>\r\n")
            .append("\r\n");
        String line = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefghijklmn\r\n";
        while (text.length() + line.length() <= size) {
            text.append(line);
        }
        text.append("end\r\n.\r\n");
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
