package dev.mailserver.storage.lmtp;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.mailserver.core.DeliveryResult;

/** One LMTP reply: its code and text, which may start with an enhanced status code (RFC 2034). */
record LmtpReply(int code, String text) {
    private static final Pattern ENHANCED = Pattern.compile("^([245])\\.(\\d{1,3})\\.(\\d{1,3})\\b");

    boolean isPositive() {
        return code >= 200 && code < 300;
    }

    /** The reply as a recipient's failure: deferred for 4xx, failed for 5xx, with the server's enhanced code or a generic one. */
    DeliveryResult asFailure(String stage) {
        char kind = code >= 500 ? '5' : '4';
        Matcher enhanced = ENHANCED.matcher(text);
        String status = enhanced.find() && enhanced.group(1).charAt(0) == kind ? enhanced.group() : kind + ".0.0";
        String detail = "LMTP server said at " + stage + ": " + this;
        return kind == '5' ? DeliveryResult.permanentFailure(status, detail) : DeliveryResult.temporaryFailure(status, detail);
    }

    @Override
    public String toString() {
        return code + " " + text;
    }
}
