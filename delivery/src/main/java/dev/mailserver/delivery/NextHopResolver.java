package dev.mailserver.delivery;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.apache.james.core.Domain;
import org.xbill.DNS.Address;

import dev.mailserver.core.DeliveryResult;
import dev.mailserver.core.dns.DnsAnswer;
import dev.mailserver.core.dns.DnsResolver;
import dev.mailserver.core.dns.MxRecord;

/**
 * Finds the next hop for a domain: its transport map entry, else the smarthost, else its MX hosts
 * (RFC 5321 section 5.1): sorted by preference, equal preferences shuffled, the domain's own A/AAAA
 * records when it has no MX, no mail at all for a null MX (RFC 7505). An MX host on one of this
 * machine's addresses ends the list there, as it and every less preferred host would send the mail back
 * to us; when it is the most preferred host, the mail loops.
 */
final class NextHopResolver {
    private final RemoteDeliverySettings settings;
    private final DnsResolver dns;

    NextHopResolver(RemoteDeliverySettings settings, DnsResolver dns) {
        this.settings = settings;
        this.dns = dns;
    }

    sealed interface Route {
    }

    record Found(NextHop hop) implements Route {
    }

    /** No next hop now (temporary result) or ever (permanent result). */
    record Unroutable(DeliveryResult result) implements Route {
    }

    Route resolve(Domain domain) {
        Optional<Relay> relay = Optional.ofNullable(settings.transports().get(domain)).or(settings::smarthost);
        return relay.isPresent() ? relayRoute(relay.get()) : mxRoute(domain);
    }

    private Route relayRoute(Relay relay) {
        Optional<InetAddress> literal = ipLiteral(relay.host());
        DnsAnswer<InetAddress> addresses = literal.isPresent() ? DnsAnswer.found(List.of(literal.get())) : dns.addresses(relay.host());
        if (addresses.status() != DnsAnswer.Status.FOUND) {
            return new Unroutable(DeliveryResult.temporaryFailure("4.4.3", "relay host " + relay.host() + " has no address"
                + (addresses.detail().isEmpty() ? "" : ": " + addresses.detail())));
        }
        List<SmtpHost> hosts = addresses.records().stream()
            .limit(settings.maxAddressesPerAttempt())
            .map(address -> new SmtpHost(relay.host(), address, relay.port()))
            .toList();
        return new Found(new NextHop(relay.destination(), false, hosts, relay.tls(), relay.credentials()));
    }

    private Route mxRoute(Domain domain) {
        DnsAnswer<MxRecord> mx = dns.mx(domain);
        return switch (mx.status()) {
            case TEMPORARY_FAILURE -> new Unroutable(DeliveryResult.temporaryFailure("4.4.3", mx.detail()));
            case NO_SUCH_DOMAIN -> new Unroutable(DeliveryResult.permanentFailure("5.1.2",
                "Host or domain name not found: " + domain.asString()));
            case NO_RECORDS -> hostsRoute(domain, List.of(domain.asString()), true);
            case FOUND -> mx.records().stream().anyMatch(MxRecord::isNullMx)
                ? new Unroutable(DeliveryResult.permanentFailure("5.1.10", "Domain " + domain.asString() + " does not accept mail (null MX)"))
                : hostsRoute(domain, inPreferenceOrder(mx.records()), false);
        };
    }

    /** Most preferred first; hosts of equal preference in random order, to spread the load (RFC 5321 section 5.1). */
    private static List<String> inPreferenceOrder(List<MxRecord> records) {
        Map<Integer, List<String>> byPreference = records.stream().collect(Collectors.groupingBy(MxRecord::preference, TreeMap::new,
            Collectors.mapping(MxRecord::host, Collectors.toCollection(ArrayList::new))));
        List<String> ordered = new ArrayList<>();
        for (List<String> equals : byPreference.values()) {
            Collections.shuffle(equals);
            ordered.addAll(equals);
        }
        return ordered;
    }

    /** @param implicitMx whether the domain has no MX records and is its own mail host */
    private Route hostsRoute(Domain domain, List<String> mxHosts, boolean implicitMx) {
        List<SmtpHost> hosts = new ArrayList<>();
        String lookupProblem = "";
        for (String name : mxHosts) {
            DnsAnswer<InetAddress> addresses = dns.addresses(name);
            if (addresses.status() == DnsAnswer.Status.TEMPORARY_FAILURE) {
                lookupProblem = addresses.detail();
            }
            if (addresses.records().stream().anyMatch(settings.selfAddresses()::contains)) {
                if (hosts.isEmpty()) {
                    return new Unroutable(DeliveryResult.permanentFailure("5.4.6",
                        "mail for " + domain.asString() + " loops back to myself (MX host " + name + ")"));
                }
                break;
            }
            addresses.records().forEach(address -> hosts.add(new SmtpHost(name, address, settings.port())));
        }
        if (!hosts.isEmpty()) {
            return new Found(new NextHop(domain.asString(), true, hosts.subList(0, Math.min(hosts.size(), settings.maxAddressesPerAttempt())),
                settings.tlsPolicies().getOrDefault(domain, settings.tls()), Optional.empty()));
        }
        if (!lookupProblem.isEmpty()) {
            return new Unroutable(DeliveryResult.temporaryFailure("4.4.3", lookupProblem));
        }
        if (implicitMx) {
            return new Unroutable(DeliveryResult.permanentFailure("5.4.4", "no MX nor address records for " + domain.asString()));
        }
        return new Unroutable(DeliveryResult.temporaryFailure("4.4.4", "no MX host of " + domain.asString() + " has an address"));
    }

    private static Optional<InetAddress> ipLiteral(String host) {
        for (int family : new int[] {Address.IPv4, Address.IPv6}) {
            byte[] bytes = Address.toByteArray(host, family);
            if (bytes != null) {
                try {
                    return Optional.of(InetAddress.getByAddress(bytes));
                } catch (java.net.UnknownHostException e) {
                    throw new IllegalStateException("a parsed IP literal is always valid", e);
                }
            }
        }
        return Optional.empty();
    }
}
