package dev.mailserver.smtp.data;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Dates as message headers write them (RFC 5322 3.3), e.g. {@code Sun, 22 Nov 2026 09:15:02 +0100}. */
final class HeaderDate {
    private static final DateTimeFormatter RFC5322_DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.US);

    private HeaderDate() {
    }

    static String now() {
        return RFC5322_DATE.format(ZonedDateTime.now());
    }
}
