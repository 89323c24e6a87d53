package dev.mailserver.core;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The xtext encoding of DSN parameter values (RFC 3461 section 4): printable US-ASCII but {@code +} and
 * {@code =} as themselves, anything else as {@code +XX} (two upper-case hex digits).
 */
public final class Xtext {
    private Xtext() {
    }

    /** The decoded value (bytes read as UTF-8), or empty when {@code text} is not valid xtext. */
    public static Optional<String> decode(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '+') {
                if (i + 2 >= text.length()) {
                    return Optional.empty();
                }
                int high = Character.digit(text.charAt(i + 1), 16);
                int low = Character.digit(text.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return Optional.empty();
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else if (c >= '!' && c <= '~' && c != '=') {
                bytes.write(c);
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(bytes.toString(StandardCharsets.UTF_8));
    }

    /** The value as xtext; bytes of UTF-8 text outside printable ASCII become {@code +XX}. */
    public static String encode(String value) {
        StringBuilder text = new StringBuilder(value.length());
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= '!' && c <= '~' && c != '+' && c != '=') {
                text.append((char) c);
            } else {
                text.append('+').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                    .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return text.toString();
    }
}
