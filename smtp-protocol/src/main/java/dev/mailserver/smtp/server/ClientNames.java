package dev.mailserver.smtp.server;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import dev.mailserver.core.dns.DnsAnswer;
import dev.mailserver.core.dns.DnsResolver;

/**
 * Finds a client's name the way Postfix does: the PTR name of its address, kept only if that name
 * resolves back to the same address (forward-confirmed). The look-up runs on {@code lookups}, never on
 * the IO thread, and gives up after {@code limit}; no name (none, not confirmed, failed, too slow) is empty.
 */
public final class ClientNames {
    /** Looks up nothing: every client is known by its address only. */
    public static final ClientNames NONE = new ClientNames(null, null, Duration.ZERO);

    private final DnsResolver dns;
    private final Executor lookups;
    private final Duration limit;

    public ClientNames(DnsResolver dns, Executor lookups, Duration limit) {
        this.dns = dns;
        this.lookups = lookups;
        this.limit = limit;
    }

    /** Starts the look-up; the future completes with the name or empty, within the time limit. */
    CompletableFuture<Optional<String>> lookUp(InetAddress client) {
        if (dns == null) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        try {
            return CompletableFuture.supplyAsync(() -> confirmedName(client), lookups)
                .completeOnTimeout(Optional.empty(), limit.toMillis(), TimeUnit.MILLISECONDS)
                .exceptionally(failure -> Optional.empty());
        } catch (RejectedExecutionException shuttingDown) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
    }

    private Optional<String> confirmedName(InetAddress client) {
        return dns.names(client).records().stream()
            .filter(name -> resolvesTo(name, client))
            .findFirst();
    }

    private boolean resolvesTo(String name, InetAddress client) {
        DnsAnswer<InetAddress> addresses = dns.addresses(name);
        return addresses.records().contains(client);
    }
}
