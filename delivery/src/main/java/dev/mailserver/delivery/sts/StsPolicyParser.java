package dev.mailserver.delivery.sts;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the DNS announcement ({@code _mta-sts} TXT, RFC 8461 section 3.1) and the policy file (section
 * 3.2) of MTA-STS.
 */
public final class StsPolicyParser {
    /** The longest {@code max_age}: one year. */
    public static final Duration MAX_AGE_LIMIT = Duration.ofSeconds(31_557_600);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9]{1,32}");
    private static final Pattern MX_PATTERN = Pattern.compile("(\\*\\.)?([A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?\\.)*[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?\\.?");

    private StsPolicyParser() {
    }

    /**
     * The policy id of a domain's TXT records: of the one record that starts {@code v=STSv1}; empty when
     * there is none, several, or one without a valid id (all mean "no policy").
     */
    public static Optional<String> announcedId(List<String> txtRecords) {
        List<String> sts = txtRecords.stream().filter(record -> record.startsWith("v=STSv1")).toList();
        if (sts.size() != 1) {
            return Optional.empty();
        }
        for (String field : sts.get(0).split(";")) {
            String[] pair = field.strip().split("=", 2);
            if (pair.length == 2 && pair[0].strip().equals("id")) {
                String id = pair[1].strip();
                return ID.matcher(id).matches() ? Optional.of(id) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** The policy file; a problem is said in the exception's message. */
    public static StsPolicy policy(String id, String text) throws InvalidPolicy {
        String version = null;
        String mode = null;
        String maxAge = null;
        List<String> mx = new ArrayList<>();
        for (String line : text.split("\r?\n")) {
            if (line.isBlank()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                throw new InvalidPolicy("line without a colon: " + line.strip());
            }
            String key = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            switch (key) {
                case "version" -> version = value;
                case "mode" -> mode = value;
                case "max_age" -> maxAge = value;
                case "mx" -> mx.add(value);
                default -> {
                    // Other keys are for later versions (RFC 8461 section 3.2).
                }
            }
        }
        if (!"STSv1".equals(version)) {
            throw new InvalidPolicy("version is not STSv1");
        }
        StsPolicy.Mode parsedMode = switch (mode == null ? "" : mode) {
            case "enforce" -> StsPolicy.Mode.ENFORCE;
            case "testing" -> StsPolicy.Mode.TESTING;
            case "none" -> StsPolicy.Mode.NONE;
            default -> throw new InvalidPolicy("mode is not enforce, testing or none: " + mode);
        };
        if (maxAge == null || !maxAge.matches("[0-9]{1,10}") || Long.parseLong(maxAge) > MAX_AGE_LIMIT.toSeconds()) {
            throw new InvalidPolicy("max_age is not a number of seconds up to " + MAX_AGE_LIMIT.toSeconds() + ": " + maxAge);
        }
        if (parsedMode != StsPolicy.Mode.NONE && mx.isEmpty()) {
            throw new InvalidPolicy("no mx in mode " + mode);
        }
        for (String pattern : mx) {
            if (!MX_PATTERN.matcher(pattern).matches()) {
                throw new InvalidPolicy("not an MX host pattern: " + pattern);
            }
        }
        return new StsPolicy(id, parsedMode, mx.stream().map(pattern -> pattern.toLowerCase(Locale.ROOT)).toList(),
            Duration.ofSeconds(Long.parseLong(maxAge)), text);
    }

    public static final class InvalidPolicy extends Exception {
        InvalidPolicy(String message) {
            super(message, null, false, false);
        }
    }
}
