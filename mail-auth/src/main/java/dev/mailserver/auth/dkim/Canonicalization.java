package dev.mailserver.auth.dkim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Locale;

import dev.mailserver.core.mime.HeaderSection.Field;
import dev.mailserver.core.wire.MessageLines;

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

    /**
     * The SHA-256 hash of the body as it is hashed (section 3.4.3/3.4.4), read as a stream: lines end at
     * LF (a CR before it dropped), empty lines at the end are left out, and only the first {@code limit}
     * canonical bytes are hashed when {@code limit} is not negative (the l= tag).
     */
    public BodyHash hash(InputStream body, long limit) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
        LimitedDigest out = new LimitedDigest(digest, limit);
        MessageLines lines = new MessageLines(body);
        ByteArrayOutputStream canonical = new ByteArrayOutputStream(256);
        long pendingEmptyLines = 0;
        boolean anyLine = false;
        while (lines.next()) {
            canonical.reset();
            writeLine(canonical, lines.bytes(), 0, lines.length());
            if (canonical.size() == 0) {
                pendingEmptyLines++;
                continue;
            }
            for (; pendingEmptyLines > 0; pendingEmptyLines--) {
                out.write(CRLF);
            }
            out.write(canonical.toByteArray());
            out.write(CRLF);
            anyLine = true;
        }
        if (!anyLine && this == SIMPLE) {
            out.write(CRLF);
        }
        return new BodyHash(digest.digest(), out.length);
    }

    /** A body hash and the length of the canonical body it was computed over (all of it, even past l=). */
    public record BodyHash(byte[] digest, long canonicalLength) {
    }

    /** Feeds the digest with at most {@code limit} bytes (all when negative) and counts all. */
    private static final class LimitedDigest {
        private final MessageDigest digest;
        private final long limit;
        private long length;

        LimitedDigest(MessageDigest digest, long limit) {
            this.digest = digest;
            this.limit = limit;
        }

        void write(byte[] bytes) {
            if (limit < 0) {
                digest.update(bytes);
            } else if (length < limit) {
                digest.update(bytes, 0, (int) Math.min(bytes.length, limit - length));
            }
            length += bytes.length;
        }
    }

    private static final byte[] CRLF = {'\r', '\n'};

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

    private static boolean isWsp(byte b) {
        return b == ' ' || b == '\t';
    }
}
