package dev.mailserver.smtp.policy;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

import dev.mailserver.core.dns.DnsAnswer;
import dev.mailserver.core.dns.DnsResolver;
import dev.mailserver.plugin.api.AsyncSmtpHook;
import dev.mailserver.plugin.api.HookDecision;
import dev.mailserver.plugin.api.SessionInfo;

/**
 * DNS blocklists (RFC 5782) in the manner of James's {@code DNSRBLHandler}: the client's IPv4 address
 * is looked up in each zone ({@code 4.3.2.1.zen.example} for 1.2.3.4); a listed client gets
 * {@code 554 5.7.1} for each RCPT unless it has authenticated. The look-ups run on {@code lookups}, never
 * on the IO thread, once per connection; a zone that does not answer lets the client through. Nothing is
 * written to the session from a look-up thread.
 */
public final class DnsblPolicy implements AsyncSmtpHook {
    private static final String LISTED_IN = "dnsbl.listedIn";

    private final List<String> zones;
    private final DnsResolver dns;
    private final Executor lookups;

    public DnsblPolicy(List<String> zones, DnsResolver dns, Executor lookups) {
        this.zones = List.copyOf(zones);
        this.dns = dns;
        this.lookups = lookups;
    }

    @Override
    public CompletionStage<HookDecision> onRcpt(SessionInfo session, String recipient, Map<String, String> parameters) {
        if (session.authenticatedUser().isPresent() || !(session.clientAddress() instanceof Inet4Address)) {
            return HookDecision.proceedNow();
        }
        // The look-up itself is kept in the session, put there now on the session's thread; its completion,
        // on a look-up thread, touches no session state (the SPI allows that only on the session's thread).
        CompletionStage<?> listing = (CompletionStage<?>) session.attributes().computeIfAbsent(LISTED_IN,
            key -> CompletableFuture.supplyAsync(() -> firstListingZone(session.clientAddress()), lookups));
        String client = session.clientAddress().getHostAddress();
        return listing.thenApply(zone -> ((Optional<?>) zone)
            .map(listedIn -> HookDecision.reject(554, "5.7.1", "Service unavailable; client [" + client + "] blocked using " + listedIn))
            .orElse(HookDecision.proceed()));
    }

    private Optional<String> firstListingZone(InetAddress client) {
        byte[] octets = client.getAddress();
        String reversed = (octets[3] & 0xff) + "." + (octets[2] & 0xff) + "." + (octets[1] & 0xff) + "." + (octets[0] & 0xff);
        return zones.stream()
            .filter(zone -> dns.addresses(reversed + "." + zone).status() == DnsAnswer.Status.FOUND)
            .findFirst();
    }
}
