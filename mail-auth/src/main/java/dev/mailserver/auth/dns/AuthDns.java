package dev.mailserver.auth.dns;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Cache;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

import dev.mailserver.core.dns.DnsAnswer;

/**
 * The DNS look-ups that SPF, DKIM and DMARC make (TXT, A, AAAA, MX, PTR), with dnsjava, cached for the
 * records' TTL. Each call blocks its caller until the answer or the time limit: the checkers call it on
 * their own worker threads, never on a netty IO thread.
 */
public final class AuthDns {
    private static final int EDNS_PAYLOAD = 4096;

    private final Resolver resolver;
    private final Cache cache = new Cache(DClass.IN);

    private AuthDns(Resolver resolver, Duration timeout) {
        this.resolver = resolver;
        resolver.setTimeout(timeout);
        resolver.setEDNS(0, EDNS_PAYLOAD, 0, List.of());
    }

    /** Asks these name servers, in turn; an empty list means the system's (e.g. {@code /etc/resolv.conf}). */
    public static AuthDns using(List<InetSocketAddress> servers, Duration timeout) {
        if (servers.isEmpty()) {
            return new AuthDns(new ExtendedResolver(), timeout);
        }
        List<Resolver> resolvers = servers.stream().<Resolver>map(SimpleResolver::new).toList();
        return new AuthDns(new ExtendedResolver(resolvers), timeout);
    }

    /** The TXT records of a name, each record's strings joined (RFC 7208 section 3.3, RFC 6376 section 3.6.2.2). */
    public DnsAnswer<String> txt(String name) {
        return lookup(name, Type.TXT, record -> joined((TXTRecord) record));
    }

    public DnsAnswer<InetAddress> ipv4(String name) {
        return lookup(name, Type.A, record -> ((ARecord) record).getAddress());
    }

    public DnsAnswer<InetAddress> ipv6(String name) {
        return lookup(name, Type.AAAA, record -> ((AAAARecord) record).getAddress());
    }

    /** The A records for an IPv4 address, the AAAA records for an IPv6 one. */
    public DnsAnswer<InetAddress> addressesLike(InetAddress family, String name) {
        return family.getAddress().length == 4 ? ipv4(name) : ipv6(name);
    }

    /** The exchanger names of a domain's MX records, without the trailing dot. */
    public DnsAnswer<String> mxHosts(String domain) {
        return lookup(domain, Type.MX, record -> withoutTrailingDot(((MXRecord) record).getTarget()));
    }

    /** The names a reverse (PTR) look-up of the address gives, without the trailing dot. */
    public DnsAnswer<String> ptr(InetAddress address) {
        return lookup(ReverseMap.fromAddress(address), Type.PTR, record -> withoutTrailingDot(((PTRRecord) record).getTarget()));
    }

    private <T> DnsAnswer<T> lookup(String name, int type, Function<Record, T> convert) {
        try {
            return lookup(Name.fromString(name, Name.root), type, convert);
        } catch (TextParseException e) {
            return DnsAnswer.noSuchDomain();
        }
    }

    private <T> DnsAnswer<T> lookup(Name name, int type, Function<Record, T> convert) {
        Lookup lookup = new Lookup(name, type);
        lookup.setResolver(resolver);
        lookup.setCache(cache);
        lookup.setSearchPath((Name[]) null);
        Record[] records = lookup.run();
        return switch (lookup.getResult()) {
            case Lookup.SUCCESSFUL -> DnsAnswer.found(Arrays.stream(records).filter(record -> record.getType() == type).map(convert).toList());
            case Lookup.HOST_NOT_FOUND -> DnsAnswer.noSuchDomain();
            case Lookup.TYPE_NOT_FOUND -> DnsAnswer.noRecords();
            default -> DnsAnswer.temporaryFailure(Type.string(type) + " look-up of " + name + " failed: " + lookup.getErrorString());
        };
    }

    private static String joined(TXTRecord record) {
        StringBuilder text = new StringBuilder();
        for (byte[] part : record.getStringsAsByteArrays()) {
            text.append(new String(part, StandardCharsets.UTF_8));
        }
        return text.toString();
    }

    private static String withoutTrailingDot(Name name) {
        return name.equals(Name.root) ? "" : name.toString(true);
    }
}
