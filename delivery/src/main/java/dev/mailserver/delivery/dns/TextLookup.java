package dev.mailserver.delivery.dns;

import dev.mailserver.core.dns.DnsAnswer;

/** TXT look-ups, for policies published in DNS (MTA-STS, TLS-RPT). */
@FunctionalInterface
public interface TextLookup {

    /** The TXT records of {@code name}, each with its strings joined (RFC 7208 section 3.3 style). */
    DnsAnswer<String> txt(String name);
}
