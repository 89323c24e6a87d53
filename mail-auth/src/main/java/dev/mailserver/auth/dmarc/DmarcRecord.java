package dev.mailserver.auth.dmarc;

import java.util.List;
import java.util.Optional;

import dev.mailserver.auth.dkim.TagList;

/**
 * A published DMARC record (RFC 7489 section 6.3, np= of RFC 9091).
 *
 * @param aggregateReportAddresses the rua= URIs, e.g. {@code mailto:dmarc@example.com}
 */
public record DmarcRecord(DmarcPolicy policy, Optional<DmarcPolicy> subdomainPolicy, Optional<DmarcPolicy> nonExistentPolicy,
                   int percent, boolean strictDkim, boolean strictSpf, List<String> aggregateReportAddresses) {

    static boolean isDmarcRecord(String text) {
        return text.strip().matches("(?s)v\\s*=\\s*DMARC1\\s*(;.*)?");
    }

    /** The record, or empty when it is unusable (no valid p= and no rua=: section 6.6.3). */
    static Optional<DmarcRecord> parse(String text) {
        TagList tags;
        try {
            tags = TagList.parse(text);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        List<String> rua = tags.get("rua").map(value -> List.of(TagList.withoutWhitespace(value).split(","))).orElse(List.of());
        Optional<DmarcPolicy> policy = tags.get("p").flatMap(DmarcPolicy::parse);
        if (policy.isEmpty() && rua.isEmpty()) {
            return Optional.empty();
        }
        int percent = tags.get("pct").filter(value -> value.matches("[0-9]{1,3}")).map(Integer::parseInt)
            .filter(value -> value <= 100).orElse(100);
        return Optional.of(new DmarcRecord(policy.orElse(DmarcPolicy.NONE),
            tags.get("sp").flatMap(DmarcPolicy::parse), tags.get("np").flatMap(DmarcPolicy::parse), percent,
            tags.keyword("adkim").orElse("r").equals("s"), tags.keyword("aspf").orElse("r").equals("s"), rua));
    }
}
