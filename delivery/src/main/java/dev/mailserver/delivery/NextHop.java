package dev.mailserver.delivery;

import java.util.List;
import java.util.Optional;

/**
 * Where mail for a domain goes: the addresses to try in order, and how to talk to them.
 *
 * @param destination what concurrency limits and cached connections are counted by: the domain for MX
 *     delivery, {@code [host]:port} for a relay
 * @param viaMx whether the hosts are the domain's MX hosts (MTA-STS and DANE's MX rules apply), not a relay
 */
record NextHop(String destination, boolean viaMx, List<SmtpHost> hosts, TlsPolicy tls, Optional<Relay.Credentials> credentials) {
    NextHop {
        hosts = List.copyOf(hosts);
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("a next hop needs at least one host");
        }
    }

    NextHop withTls(TlsPolicy policy) {
        return new NextHop(destination, viaMx, hosts, policy, credentials);
    }
}
