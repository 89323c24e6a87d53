package dev.mailserver.delivery.dsn;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a remote server said about a recipient, carried in the detail of a delivery result so that it
 * reaches the log and, through the queue's stored last result, the bounce. The detail reads like
 * Postfix's: {@code host mx.example.org[192.0.2.1]:25 said: 550 5.1.1 no such user (in reply to RCPT TO)};
 * {@link #findIn} reads it back out of any text that contains it (e.g. an expiry reason that quotes the
 * last result), giving a DSN's {@code Remote-MTA} and {@code Diagnostic-Code}.
 *
 * @param remoteMta the server's host name
 * @param reply the server's reply, code first, on one line
 */
public record RemoteDiagnostic(String remoteMta, String reply) {
    private static final Pattern FORMAT = Pattern.compile(
        "host (\\S+?)\\[[^\\]]*\\](?::\\d+)? said: (\\d{3}\\b.*?)(?: \\(in reply to [A-Z ]+\\))?$");

    private static final String DSN_PASSED_ON = "; DSN passed on";

    /** The detail for a reply of server {@code host} ({@code mx.example.org[192.0.2.1]:25}) to {@code command}. */
    public static String describe(String host, String reply, String command) {
        return "host " + host + " said: " + reply + " (in reply to " + command + ")";
    }

    /**
     * The detail for a server's acceptance of a recipient.
     *
     * @param dsnPassedOn the server offered DSN and took the recipient's DSN parameters: from now on it reports
     */
    public static String describeAccepted(String host, String reply, String command, boolean dsnPassedOn) {
        return describe(host, reply, command + (dsnPassedOn ? DSN_PASSED_ON : ""));
    }

    /** Whether the result says a next hop took over the reporting (see {@link #describeAccepted}). */
    public static boolean isDsnPassedOn(String text) {
        return text.contains(DSN_PASSED_ON + ")");
    }

    public static Optional<RemoteDiagnostic> findIn(String text) {
        Matcher matcher = FORMAT.matcher(text);
        return matcher.find() ? Optional.of(new RemoteDiagnostic(matcher.group(1), matcher.group(2))) : Optional.empty();
    }
}
