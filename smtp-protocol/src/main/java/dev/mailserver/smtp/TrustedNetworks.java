package dev.mailserver.smtp;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.google.common.net.InetAddresses;

/**
 * The client networks the server trusts, like Postfix's {@code mynetworks}: on an MTA listener their
 * clients may relay without AUTH (local programs, web applications), and they are exempt from the
 * per-client connection and rate limits. IPv4 and IPv6; addresses are read with Guava's
 * {@link InetAddresses}, which never asks the DNS.
 */
public final class TrustedNetworks {
    /** Trusts no one: the default of an embedded listener. */
    public static final TrustedNetworks NONE = new TrustedNetworks(List.of());
    /** The server's configured default: the loopback networks. */
    public static final List<String> LOOPBACK = List.of("127.0.0.0/8", "::1/128");

    private final List<Rule> rules;

    /** A network: its first {@code prefixLength} bits equal those of {@code network}. */
    private record Rule(String cidr, byte[] network, int prefixLength) {
        boolean matches(InetAddress client) {
            byte[] address = client.getAddress();
            if (address.length != network.length) {
                return false;
            }
            int fullBytes = prefixLength / 8;
            for (int i = 0; i < fullBytes; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int restBits = prefixLength % 8;
            int mask = (0xff << (8 - restBits)) & 0xff;
            return restBits == 0 || (address[fullBytes] & mask) == (network[fullBytes] & mask);
        }
    }

    private TrustedNetworks(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /**
     * @param cidrs networks such as {@code 192.0.2.0/24} or {@code 2001:db8::/32}; an address alone is one host
     * @throws IllegalArgumentException naming the entry that is not a network
     */
    public static TrustedNetworks of(List<String> cidrs) {
        List<Rule> rules = new ArrayList<>();
        for (String cidr : cidrs) {
            rules.add(parse(cidr.strip()));
        }
        return new TrustedNetworks(rules);
    }

    private static Rule parse(String cidr) {
        int slash = cidr.indexOf('/');
        String address = slash < 0 ? cidr : cidr.substring(0, slash);
        if (!InetAddresses.isInetAddress(address)) {
            throw new IllegalArgumentException("'" + cidr + "' is not a network: an IP address, optionally with /prefix-length");
        }
        byte[] network = InetAddresses.forString(address).getAddress();
        int maxPrefix = network.length * 8;
        int prefix;
        try {
            prefix = slash < 0 ? maxPrefix : Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            prefix = -1;
        }
        if (prefix < 0 || prefix > maxPrefix) {
            throw new IllegalArgumentException("'" + cidr + "' is not a network: the prefix length must be 0 to " + maxPrefix);
        }
        return new Rule(cidr, network, prefix);
    }

    /** The network (as configured) that {@code client} is in, if any. */
    public Optional<String> networkOf(InetAddress client) {
        return rules.stream().filter(rule -> rule.matches(client)).map(Rule::cidr).findFirst();
    }

    public boolean contains(InetAddress client) {
        return networkOf(client).isPresent();
    }

    @Override
    public String toString() {
        return rules.stream().map(Rule::cidr).toList().toString();
    }
}
