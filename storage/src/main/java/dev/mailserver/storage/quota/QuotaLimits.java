package dev.mailserver.storage.quota;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.mailserver.storage.maildir.Maildir;

/**
 * How much a mailbox may hold: bytes and messages, 0 meaning no limit. Written {@code 1GiB 10000},
 * {@code 500MiB 0} or {@code 0 5000} (sizes in bytes or with K, M, G, KiB, MiB, GiB).
 */
public record QuotaLimits(long bytes, long messages) {
    public static final QuotaLimits NONE = new QuotaLimits(0, 0);
    private static final Pattern TEXT = Pattern.compile("(\\d+)\\s*([KMG](?:i?B)?)?\\s+(\\d+)", Pattern.CASE_INSENSITIVE);

    public QuotaLimits {
        if (bytes < 0 || messages < 0) {
            throw new IllegalArgumentException("quota limits are not negative: " + bytes + " bytes, " + messages + " messages");
        }
    }

    /** @throws IllegalArgumentException when the text is not {@code <size> <messages>} */
    public static QuotaLimits parse(String text) {
        Matcher matcher = TEXT.matcher(text.strip());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not '<size> <messages>', e.g. '1GiB 10000' (0 for no limit)");
        }
        long unit = matcher.group(2) == null ? 1 : switch (matcher.group(2).toUpperCase(Locale.ROOT).charAt(0)) {
            case 'K' -> 1L << 10;
            case 'M' -> 1L << 20;
            default -> 1L << 30;
        };
        return new QuotaLimits(Math.multiplyExact(Long.parseLong(matcher.group(1)), unit), Long.parseLong(matcher.group(3)));
    }

    public boolean isUnlimited() {
        return bytes == 0 && messages == 0;
    }

    /** Whether a mailbox using {@code usage} is over a limit. */
    boolean isExceededBy(QuotaUsage usage) {
        return (bytes > 0 && usage.bytes() > bytes) || (messages > 0 && usage.messages() > messages);
    }

    /** Whether {@code usage} is at or past {@code percent} of a limit. */
    boolean isPastShare(QuotaUsage usage, int percent) {
        return (bytes > 0 && usage.bytes() * 100 >= bytes * percent) || (messages > 0 && usage.messages() * 100 >= messages * percent);
    }

    /** The Maildir++ {@code maildirsize} header, e.g. {@code 1073741824S,10000C}. */
    public String maildirSizeHeader() {
        return bytes + "S," + messages + "C";
    }

    @Override
    public String toString() {
        return bytes + " " + messages;
    }
}
