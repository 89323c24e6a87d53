package dev.mailserver.core.dns;

import java.net.InetAddress;

import org.apache.james.core.Domain;

/**
 * The DNS look-ups that remote delivery needs. Implementations block on the network (callers run on
 * their own threads) and say what kind of answer they got, because a missing name bounces while a
 * failed look-up is tried again.
 */
public interface DnsResolver {

    /** The MX records of a domain, in no particular order. */
    DnsAnswer<MxRecord> mx(Domain domain);

    /** The IPv4 (A) and IPv6 (AAAA) addresses of a host name, IPv4 first. */
    DnsAnswer<InetAddress> addresses(String hostname);

    /** The names a reverse (PTR) look-up of the address gives, without the trailing dot. */
    DnsAnswer<String> names(InetAddress address);
}
