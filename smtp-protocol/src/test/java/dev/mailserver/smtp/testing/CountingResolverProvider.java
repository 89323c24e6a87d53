package dev.mailserver.smtp.testing;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The JDK's own resolver, counting the reverse (PTR) look-ups made through it, so that a test can show
 * that serving a connection asks the DNS for no name. Installed for the test JVM by
 * {@code META-INF/services/java.net.spi.InetAddressResolverProvider}.
 */
public final class CountingResolverProvider extends InetAddressResolverProvider {
    private static final AtomicInteger REVERSE_LOOKUPS = new AtomicInteger();

    public static int reverseLookups() {
        return REVERSE_LOOKUPS.get();
    }

    @Override
    public InetAddressResolver get(Configuration configuration) {
        InetAddressResolver builtin = configuration.builtinResolver();
        return new InetAddressResolver() {
            @Override
            public Stream<InetAddress> lookupByName(String host, LookupPolicy lookupPolicy) throws UnknownHostException {
                return builtin.lookupByName(host, lookupPolicy);
            }

            @Override
            public String lookupByAddress(byte[] address) throws UnknownHostException {
                REVERSE_LOOKUPS.incrementAndGet();
                return builtin.lookupByAddress(address);
            }
        };
    }

    @Override
    public String name() {
        return "counting";
    }
}
