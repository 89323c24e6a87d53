package dev.mailserver.auth.spf;

import java.util.Objects;

/**
 * What an SPF check came to.
 *
 * @param domain the domain whose policy was checked (of MAIL FROM, or of HELO for the null sender)
 * @param identity "mailfrom" or "helo", as Authentication-Results names the property
 * @param explanation the domain's explanation (exp=) of a fail, or empty
 * @param reason what decided it (the matching mechanism or the error), for logs and the header comment
 */
public record SpfVerdict(SpfResult result, String domain, String identity, String explanation, String reason) {
    public SpfVerdict {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(explanation, "explanation");
        Objects.requireNonNull(reason, "reason");
    }
}
