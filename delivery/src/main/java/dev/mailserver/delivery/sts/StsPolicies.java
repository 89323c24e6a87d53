package dev.mailserver.delivery.sts;

/** Finds the MTA-STS policy of a domain (RFC 8461 section 3), from its cache or from the domain. */
@FunctionalInterface
public interface StsPolicies {

    StsLookup find(String domain);
}
