package dev.mailserver.delivery;

import java.util.Locale;

/**
 * What a server says with the {@code LIMITS} EHLO keyword (RFC 9422): how many recipients one transaction
 * and how many transactions one session may have. Zero means no limit given; malformed values are
 * ignored, as the RFC asks.
 */
record PeerLimits(int rcptMax, int mailMax) {
    static final PeerLimits NONE = new PeerLimits(0, 0);

    /** @param parameters the text after the keyword, e.g. {@code RCPTMAX=50 MAILMAX=10}; null when not offered */
    static PeerLimits parse(String parameters) {
        if (parameters == null) {
            return NONE;
        }
        int rcptMax = 0;
        int mailMax = 0;
        for (String limit : parameters.strip().split("\\s+")) {
            String[] nameValue = limit.split("=", 2);
            if (nameValue.length == 2) {
                switch (nameValue[0].toUpperCase(Locale.ROOT)) {
                    case "RCPTMAX" -> rcptMax = positive(nameValue[1]);
                    case "MAILMAX" -> mailMax = positive(nameValue[1]);
                    default -> {
                        // RCPTDOMAINMAX and unknown limits do not bind us.
                    }
                }
            }
        }
        return new PeerLimits(rcptMax, mailMax);
    }

    private static int positive(String value) {
        try {
            return Math.max(Integer.parseInt(value), 0);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
