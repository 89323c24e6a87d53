package dev.mailserver.app.plugins;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import dev.mailserver.app.config.PolicyConfig;
import dev.mailserver.core.dns.DnsResolver;
import dev.mailserver.plugin.api.AsyncSmtpHook;
import dev.mailserver.queue.greylist.RocksDbGreylistStore;
import dev.mailserver.smtp.ListenerRole;
import dev.mailserver.smtp.TrustedNetworks;
import dev.mailserver.smtp.plugin.PluginHook;
import dev.mailserver.smtp.policy.DnsblPolicy;
import dev.mailserver.smtp.policy.GreylistPolicy;
import dev.mailserver.smtp.policy.HeaderSizePolicy;
import dev.mailserver.smtp.policy.HeloPolicy;
import dev.mailserver.smtp.policy.RateLimitPolicy;
import dev.mailserver.smtp.policy.SenderDomainPolicy;
import dev.mailserver.smtp.server.ClientNames;

/**
 * The enabled built-in policy checks ({@link PolicyConfig}), one instance of each shared by the listeners
 * of its roles (so rate limits count server-wide), with the executor their look-ups run on and the
 * greylisting store, which it closes.
 */
public final class PolicyHooks implements AutoCloseable {
    private final ExecutorService lookups = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("policy-lookup-", 0).factory());
    private final List<Enabled> enabled = new ArrayList<>();
    private final DnsResolver dns;
    private RocksDbGreylistStore greylist;

    private record Enabled(Set<ListenerRole> roles, PluginHook hook) {
    }

    /** @param trusted clients the rate limit does not count */
    public PolicyHooks(PolicyConfig config, TrustedNetworks trusted, DnsResolver dns, Path greylistDirectory, Clock clock) throws IOException {
        this.dns = dns;
        add(config.heloRoles(), "helo", () -> new HeloPolicy(config.heloRequireFqdn()));
        add(config.headerSizeRoles(), "header-size", () -> new HeaderSizePolicy(config.maxHeaderSize()));
        add(config.rateLimitRoles(), "rate-limit",
            () -> new RateLimitPolicy(config.messagesPerClient(), config.messagesPerUser(), config.rateWindow(), clock, trusted::contains));
        add(config.dnsblRoles(), "dnsbl", () -> new DnsblPolicy(config.dnsblZones(), dns, lookups));
        add(config.senderDomainRoles(), "sender-domain", () -> new SenderDomainPolicy(dns, lookups));
        if (!config.greylistingRoles().isEmpty()) {
            greylist = RocksDbGreylistStore.open(greylistDirectory, longer(config.greylistRetryWindow(), config.greylistPassedLifetime()));
            add(config.greylistingRoles(), "greylisting", () -> new GreylistPolicy(greylist, config.greylistDelay(),
                config.greylistRetryWindow(), config.greylistPassedLifetime(), clock, lookups));
        }
    }

    private static Duration longer(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private void add(Set<ListenerRole> roles, String name, Supplier<AsyncSmtpHook> policy) {
        if (!roles.isEmpty()) {
            enabled.add(new Enabled(roles, PluginHook.of("policy-" + name, policy.get())));
        }
    }

    /** Clients' names for Received: and the log, looked up on the same executor, each within {@code limit}. */
    public ClientNames clientNames(Duration limit) {
        return new ClientNames(dns, lookups, limit);
    }

    public List<PluginHook> forRole(ListenerRole role) {
        return enabled.stream().filter(check -> check.roles().contains(role)).map(Enabled::hook).toList();
    }

    @Override
    public void close() {
        lookups.shutdownNow();
        if (greylist != null) {
            greylist.close();
        }
    }
}
