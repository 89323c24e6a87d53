package dev.mailserver.auth.dkim;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Locale;

import dev.mailserver.core.mime.HeaderSection.Field;

/** The two canonicalization algorithms of RFC 6376 section 3.4, for a header field or a body. */
public enum Canonicalization {
    SIMPLE, RELAXED;

    public static Canonicalization named(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "simple" -> SIMPLE;
            case "relaxed" -> RELAXED;
            default -> throw new IllegalArgumentException("unknown canonicalization \"" + name + "\"");
        };
    }

    public String tagValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The field as it is hashed, with its final CRLF. */
    public String header(Field field) {
        return header(field.text()) + "\r\n";
    }

    /** The field as it is hashed, without a final CRLF (the signature's own field is hashed so). */
    public String header(String raw) {
        if (this == SIMPLE) {
            return raw;
        }
        int colon = raw.indexOf(':');
        String name = raw.substring(0, colon).strip().toLowerCase(Locale.ROOT);
        String value = raw.substring(colon + 1).replace("\r\n", "").replace("\n", "")
            .replaceAll("[ \\t]+", " ").strip();
        return name + ":" + value;
    }

    /** The body as it is hashed. The input has CRLF line ends. */
    public byte[] body(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 2);
        int start = 0;
        while (start < body.length) {
            int end = start;
            while (end < body.length && !(body[end] == '\n')) {
                end++;
            }
            int contentEnd = end > start && body[end - 1] == '\r' ? end - 1 : end;
            writeLine(out, body, start, contentEnd);
            out.write('\r');
            out.write('\n');
            start = end + 1;
        }
        byte[] lines = out.toByteArray();
        int length = lines.length;
        while (endsWithCrlf(lines, length) && (length == 2 || length >= 4 && endsWithCrlf(lines, length - 2))) {
            length -= 2;
        }
        if (length == 0) {
            return this == SIMPLE ? new byte[] {'\r', '\n'} : new byte[0];
        }
        return Arrays.copyOf(lines, length);
    }

    private void writeLine(ByteArrayOutputStream out, byte[] body, int start, int end) {
        if (this == SIMPLE) {
            out.write(body, start, end - start);
            return;
        }
        int last = end;
        while (last > start && isWsp(body[last - 1])) {
            last--;
        }
        boolean inSpace = false;
        for (int i = start; i < last; i++) {
            if (isWsp(body[i])) {
                inSpace = true;
            } else {
                if (inSpace) {
                    out.write(' ');
                    inSpace = false;
                }
                out.write(body[i]);
            }
        }
    }

    private static boolean endsWithCrlf(byte[] bytes, int length) {
        return length >= 2 && bytes[length - 2] == '\r' && bytes[length - 1] == '\n';
    }

    private static boolean isWsp(byte b) {
        return b == ' ' || b == '\t';
    }
}
