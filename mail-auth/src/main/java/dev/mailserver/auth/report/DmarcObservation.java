package dev.mailserver.auth.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What one received message told about a domain's DMARC policy: the data of an aggregate report row
 * (RFC 7489 appendix C), kept as one tab-separated line.
 *
 * @param policy the published record as it applied: p, sp, pct, adkim, aspf
 * @param dkim each signature's domain and result, e.g. {@code example.com=pass}
 */
public record DmarcObservation(Instant time, String sourceIp, String headerFrom, String policyDomain, PublishedPolicy policy,
                               String disposition, boolean dkimAligned, boolean spfAligned, String spfDomain, String spfResult,
                               List<String> dkim) {
    /** The published policy fields of the report's policy_published. */
    public record PublishedPolicy(String p, String sp, int pct, String adkim, String aspf, List<String> rua) {
        public PublishedPolicy {
            rua = List.copyOf(rua);
        }
    }

    public DmarcObservation {
        Objects.requireNonNull(time, "time");
        dkim = List.copyOf(dkim);
    }

    /** The line (no tabs or line ends inside fields: they are domain names, addresses and keywords). */
    public String toLine() {
        return String.join("\t", List.of(time.toString(), sourceIp, headerFrom, policyDomain, policy.p(), policy.sp(),
            Integer.toString(policy.pct()), policy.adkim(), policy.aspf(), String.join(",", policy.rua()), disposition,
            Boolean.toString(dkimAligned), Boolean.toString(spfAligned), spfDomain, spfResult, String.join(",", dkim)));
    }

    public static DmarcObservation parse(String line) {
        String[] f = line.split("\t", -1);
        if (f.length != 16) {
            throw new IllegalArgumentException("a DMARC observation has 16 fields, not " + f.length + ": " + line);
        }
        return new DmarcObservation(Instant.parse(f[0]), f[1], f[2], f[3],
            new PublishedPolicy(f[4], f[5], Integer.parseInt(f[6]), f[7], f[8], list(f[9])),
            f[10], Boolean.parseBoolean(f[11]), Boolean.parseBoolean(f[12]), f[13], f[14], list(f[15]));
    }

    private static List<String> list(String field) {
        return field.isEmpty() ? List.of() : new ArrayList<>(Arrays.asList(field.split(",")));
    }
}
