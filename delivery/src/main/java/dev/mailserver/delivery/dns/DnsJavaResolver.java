package dev.mailserver.delivery.dns;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import org.apache.james.core.Domain;
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
import dev.mailserver.core.dns.DnsResolver;
import dev.mailserver.core.dns.MxRecord;

/**
 * Asks DNS servers with dnsjava: the system's, or a configured list (a local resolver, or a test server
 * on loopback). Answers are cached by this instance for their TTL.
 */
public final class DnsJavaResolver implements DnsResolver, TextLookup {
    private final Resolver resolver;
    private final Cache cache = new Cache(DClass.IN);

    private DnsJavaResolver(Resolver resolver, Duration timeout) {
        this.resolver = resolver;
        resolver.setTimeout(timeout);
    }

    /** Asks the name servers this machine is configured with (e.g. {@code /etc/resolv.conf}). */
    public static DnsJavaResolver system(Duration timeout) {
        return new DnsJavaResolver(new ExtendedResolver(), timeout);
    }

    /** Asks these name servers, in turn. An empty list means the system's. */
    public static DnsJavaResolver using(List<InetSocketAddress> servers, Duration timeout) {
        if (servers.isEmpty()) {
            return system(timeout);
        }
        List<Resolver> resolvers = servers.stream().<Resolver>map(SimpleResolver::new).toList();
        return new DnsJavaResolver(new ExtendedResolver(resolvers), timeout);
    }

    @Override
    public DnsAnswer<MxRecord> mx(Domain domain) {
        return lookup(domain.asString(), Type.MX,
            record -> new MxRecord(((MXRecord) record).getPriority(), withoutTrailingDot(((MXRecord) record).getTarget())));
    }

    @Override
    public DnsAnswer<InetAddress> addresses(String hostname) {
        DnsAnswer<InetAddress> ipv4 = lookup(hostname, Type.A, record -> ((ARecord) record).getAddress());
        if (ipv4.status() == DnsAnswer.Status.NO_SUCH_DOMAIN) {
            return ipv4;
        }
        DnsAnswer<InetAddress> ipv6 = lookup(hostname, Type.AAAA, record -> ((AAAARecord) record).getAddress());
        List<InetAddress> both = new ArrayList<>(ipv4.records());
        both.addAll(ipv6.records());
        if (!both.isEmpty()) {
            return DnsAnswer.found(both);
        }
        if (ipv4.status() == DnsAnswer.Status.TEMPORARY_FAILURE) {
            return ipv4;
        }
        return ipv6;
    }

    @Override
    public DnsAnswer<String> names(InetAddress address) {
        return lookup(ReverseMap.fromAddress(address).toString(), Type.PTR, record -> withoutTrailingDot(((PTRRecord) record).getTarget()));
    }

    @Override
    public DnsAnswer<String> txt(String name) {
        return lookup(name, Type.TXT, record -> String.join("", ((TXTRecord) record).getStrings()));
    }

    private <T> DnsAnswer<T> lookup(String name, int type, Function<Record, T> convert) {
        Lookup lookup;
        try {
            lookup = new Lookup(Name.fromString(name, Name.root), type);
        } catch (TextParseException e) {
            return DnsAnswer.noSuchDomain();
        }
        lookup.setResolver(resolver);
        lookup.setCache(cache);
        Record[] records = lookup.run();
        return switch (lookup.getResult()) {
            case Lookup.SUCCESSFUL -> DnsAnswer.found(Arrays.stream(records).map(convert).toList());
            case Lookup.HOST_NOT_FOUND -> DnsAnswer.noSuchDomain();
            case Lookup.TYPE_NOT_FOUND -> DnsAnswer.noRecords();
            default -> DnsAnswer.temporaryFailure(Type.string(type) + " look-up of " + name + " failed: " + lookup.getErrorString());
        };
    }

    private static String withoutTrailingDot(Name name) {
        return name.equals(Name.root) ? "" : name.toString(true);
    }
}
