package dev.mailserver.smtp.extension;

import java.util.Locale;
import java.util.regex.Pattern;

import javax.mail.internet.AddressException;

import org.apache.james.protocols.api.BaseRequest;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.smtp.SMTPResponse;

import dev.mailserver.core.InternationalAddresses;

/**
 * SMTPUTF8 (RFC 6531) for MAIL and RCPT: a path with UTF-8 is taken only in a transaction whose MAIL has
 * the {@code SMTPUTF8} parameter ({@code 553 5.6.7} otherwise) and is rewritten into the internal form of
 * {@link InternationalAddresses} before the library's parser sees it.
 */
public final class Utf8Paths {
    static final Response NEEDS_SMTPUTF8 =
        new SMTPResponse("553", "5.6.7 A UTF-8 address needs the SMTPUTF8 parameter of MAIL (RFC 6531)").immutable();
    private static final Pattern SPACES = Pattern.compile(" +");
    private static final Response INVALID_ADDRESS =
        new SMTPResponse("553", "5.1.3 Invalid UTF-8 address").immutable();

    private Utf8Paths() {
    }

    /** A MAIL or RCPT request whose path is ASCII, or in the internal form; or the refusal, as a {@link Response}. */
    public static Object rewrite(Request request, boolean smtpUtf8) {
        String argument = request.getArgument();
        if (argument == null || argument.chars().allMatch(c -> c < 128)) {
            return request;
        }
        int open = argument.indexOf('<');
        int close = argument.indexOf('>', open + 1);
        if (open < 0 || close < 0) {
            return INVALID_ADDRESS;
        }
        String path = argument.substring(open + 1, close);
        if (path.chars().allMatch(c -> c < 128)) {
            return request;
        }
        if (!smtpUtf8) {
            return NEEDS_SMTPUTF8;
        }
        try {
            String internal = InternationalAddresses.toInternal(path);
            return new BaseRequest(request.getCommand(), argument.substring(0, open + 1) + internal + argument.substring(close));
        } catch (AddressException e) {
            return INVALID_ADDRESS;
        }
    }

    /** Whether a MAIL argument ({@code FROM:<...> params}) has the SMTPUTF8 parameter. */
    public static boolean hasSmtpUtf8Parameter(String mailArgument) {
        int close = mailArgument.lastIndexOf('>');
        for (String parameter : SPACES.split(mailArgument.substring(close + 1).strip())) {
            if (parameter.toUpperCase(Locale.ROOT).equals("SMTPUTF8")) {
                return true;
            }
        }
        return false;
    }
}
