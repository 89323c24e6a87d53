package dev.mailserver.delivery;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.mailserver.core.DeliveryResult;
import dev.mailserver.delivery.dsn.RemoteDiagnostic;

/**
 * A server's reply to one command.
 *
 * @param text the reply on one line, code first: continuation lines are joined with spaces
 */
record SmtpReply(int code, String text) {
    private static final Pattern ENHANCED_STATUS = Pattern.compile("^\\d{3}[ -]([245]\\.\\d{1,3}\\.\\d{1,3})\\b");

    /** From a reply as Angus Mail reads it: lines ending in {@code \n}, each starting with the code. */
    static SmtpReply of(int code, String response) {
        String[] lines = response.strip().split("\n");
        StringBuilder text = new StringBuilder(lines[0].strip());
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i].strip();
            text.append(' ').append(line.length() > 4 ? line.substring(4) : "");
        }
        return new SmtpReply(code, text.toString());
    }

    boolean isPositive() {
        return code / 100 == 2;
    }

    /** The enhanced status code the server gave, or a generic one of the reply's class. */
    String enhancedStatus() {
        char replyClass = code / 100 == 5 ? '5' : code / 100 == 2 ? '2' : '4';
        Matcher matcher = ENHANCED_STATUS.matcher(text);
        return matcher.find() && matcher.group(1).charAt(0) == replyClass ? matcher.group(1) : replyClass + ".0.0";
    }

    /**
     * What this reply of {@code host} to {@code command} means for a recipient: a 5xx fails it for good,
     * anything else not positive is tried again later.
     */
    DeliveryResult toResult(SmtpHost host, String command) {
        return toResult(host, command, false);
    }

    /**
     * @param dsnPassedOn whether the server offered DSN, so that it, not we, reports the recipient's
     *     delivery (RFC 3461 section 6.2.1)
     */
    DeliveryResult toResult(SmtpHost host, String command, boolean dsnPassedOn) {
        if (isPositive()) {
            return DeliveryResult.delivered(RemoteDiagnostic.describeAccepted(host.toString(), text, command, dsnPassedOn));
        }
        String detail = RemoteDiagnostic.describe(host.toString(), text, command);
        return code / 100 == 5 ? DeliveryResult.permanentFailure(enhancedStatus(), detail) : DeliveryResult.temporaryFailure(enhancedStatus(), detail);
    }
}
