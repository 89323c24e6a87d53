package dev.mailserver.auth.results;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.mailserver.auth.arc.ArcResult;
import dev.mailserver.auth.dkim.DkimResult;
import dev.mailserver.auth.dmarc.DmarcResult;
import dev.mailserver.auth.dmarc.DmarcStatus;
import dev.mailserver.core.mime.HeaderSection.Field;
import dev.mailserver.auth.message.MailMessage;
import dev.mailserver.auth.spf.SpfVerdict;

/**
 * The one Authentication-Results field (RFC 8601) we add to a received message, and the removal of
 * fields that claim our authserv-id before it (section 5: they can only be forged).
 */
public final class AuthenticationResults {
    public static final String NAME = "Authentication-Results";
    private static final Pattern RESINFO = Pattern.compile("\\s*([A-Za-z0-9_.-]+)\\s*=\\s*([A-Za-z]+)\\b.*", Pattern.DOTALL);

    private AuthenticationResults() {
    }

    /** The field, one method per line. */
    public static Field header(String authservId, SpfVerdict spf, List<DkimResult> dkim, ArcResult arc, DmarcResult dmarc) {
        List<String> results = new ArrayList<>();
        results.add("spf=" + spf.result().keyword() + comment(spf.reason()) + " smtp." + spf.identity() + "=" + spf.domain());
        if (dkim.isEmpty()) {
            results.add("dkim=none");
        }
        for (DkimResult result : dkim) {
            StringBuilder text = new StringBuilder("dkim=").append(result.status().keyword()).append(comment(result.reason()));
            if (!result.domain().isEmpty()) {
                text.append(" header.d=").append(result.domain());
            }
            if (!result.selector().isEmpty()) {
                text.append(" header.s=").append(value(result.selector()));
            }
            if (!result.algorithm().isEmpty()) {
                text.append(" header.a=").append(value(result.algorithm()));
            }
            if (!result.signaturePrefix().isEmpty()) {
                text.append(" header.b=").append(value(result.signaturePrefix()));
            }
            results.add(text.toString());
        }
        results.add("arc=" + arc.status().keyword() + comment(arc.reason()) + (arc.instances() > 0 ? " (i=" + arc.instances() + ")" : ""));
        String policy = dmarc.status() == DmarcStatus.NONE || dmarc.status() == DmarcStatus.TEMPERROR ? ""
            : " (p=" + dmarc.requested().keyword() + " dis=" + dmarc.disposition().keyword() + ")";
        results.add("dmarc=" + dmarc.status().keyword() + policy + (dmarc.fromDomain().isEmpty() ? "" : " header.from=" + dmarc.fromDomain()));
        return MailMessage.field(NAME + ": " + authservId + ";\r\n\t" + String.join(";\r\n\t", results));
    }

    /** The message without the Authentication-Results fields that claim this authserv-id. */
    public static MailMessage withoutForged(MailMessage message, String authservId) {
        return message.without(field -> field.isNamed(NAME)
            && authservId(field).map(id -> id.equalsIgnoreCase(authservId)).orElse(false));
    }

    /** The topmost field that claims this authserv-id: ours, as forged ones are removed when we add it. */
    public static Optional<Field> ours(MailMessage message, String authservId) {
        return message.headers(NAME).stream()
            .filter(field -> authservId(field).map(authservId::equalsIgnoreCase).orElse(false)).findFirst();
    }

    /** The result of a method, lower-cased ({@code pass} of {@code arc=pass (i=2)}); comments and quoted strings are not read. */
    public static Optional<String> result(Field field, String method) {
        String[] results = withoutCommentsAndQuotes(field.value()).split(";");
        for (int i = 1; i < results.length; i++) {
            Matcher matcher = RESINFO.matcher(results[i]);
            if (matcher.matches() && matcher.group(1).equalsIgnoreCase(method)) {
                return Optional.of(matcher.group(2).toLowerCase(Locale.ROOT));
            }
        }
        return Optional.empty();
    }

    private static String withoutCommentsAndQuotes(String value) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && (depth > 0 || quoted)) {
                i++;
            } else if (quoted) {
                quoted = c != '"';
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && depth > 0) {
                depth--;
            } else if (depth == 0) {
                quoted = c == '"';
                out.append(quoted ? ' ' : c);
            }
        }
        return out.toString();
    }

    /** The authserv-id a field names: its first token after any comments. */
    static Optional<String> authservId(Field field) {
        String value = field.value();
        int i = 0;
        int depth = 0;
        while (i < value.length()) {
            char c = value.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && depth > 0) {
                depth--;
            } else if (depth == 0 && !Character.isWhitespace(c)) {
                break;
            }
            i++;
        }
        int end = i;
        while (end < value.length() && value.charAt(end) != ';' && value.charAt(end) != '(' && !Character.isWhitespace(value.charAt(end))) {
            end++;
        }
        return end > i ? Optional.of(value.substring(i, end)) : Optional.empty();
    }

    private static String comment(String reason) {
        if (reason.isEmpty()) {
            return "";
        }
        return " (" + reason.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").replace("\r", " ").replace("\n", " ") + ")";
    }

    /** A value as a token, or quoted when it has characters a token cannot. */
    private static String value(String text) {
        return text.matches("[A-Za-z0-9!#$%&'*+\\-.^_`{|}~]+") ? text : "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
