package dev.mailserver.auth.results;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
