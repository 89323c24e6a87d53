package dev.mailserver.smtp.data;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Dates as message headers write them (RFC 5322 3.3), e.g. {@code Sun, 22 Nov 2026 09:15:02 +0100}. The text
 * of the current second is kept: every message received in that second has the same one.
 */
final class HeaderDate {
    private static final DateTimeFormatter RFC5322_DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.US);
    private static volatile Formatted current = new Formatted(Long.MIN_VALUE, "");

    private HeaderDate() {
    }

    static String now() {
        long second = Math.floorDiv(System.currentTimeMillis(), 1000);
        Formatted formatted = current;
        if (formatted.epochSecond() != second) {
            formatted = new Formatted(second, RFC5322_DATE.format(ZonedDateTime.ofInstant(Instant.ofEpochSecond(second), ZoneId.systemDefault())));
            current = formatted;
        }
        return formatted.text();
    }

    private record Formatted(long epochSecond, String text) {
    }
}
