package dev.mailserver.delivery.tls;

import java.util.List;
import java.util.Objects;

/**
 * A published TLS policy as TLS-RPT reports it (RFC 8460 section 4.4): its type, the domain that
 * published it, and its text.
 *
 * @param type {@code sts} or {@code tlsa}
 * @param policyStrings the MTA-STS policy lines, or the TLSA records in presentation format
 * @param mxHosts the MX patterns of an MTA-STS policy; empty otherwise
 */
public record GoverningPolicy(String type, String domain, List<String> policyStrings, List<String> mxHosts) {
    public GoverningPolicy {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(domain, "domain");
        policyStrings = List.copyOf(policyStrings);
        mxHosts = List.copyOf(mxHosts);
    }
}
