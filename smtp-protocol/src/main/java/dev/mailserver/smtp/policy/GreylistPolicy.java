package dev.mailserver.smtp.policy;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

import dev.mailserver.core.policy.GreylistStore;
import dev.mailserver.plugin.api.AsyncSmtpHook;
import dev.mailserver.plugin.api.HookDecision;
import dev.mailserver.plugin.api.SessionInfo;

/**
 * Greylisting: the first time a (client network, sender, recipient) triplet is seen, RCPT gets
 * {@code 451 4.7.1}; a retry after {@code delay} (and within {@code retryWindow} of the first try)
 * passes, and the triplet then passes at once for {@code passedLifetime}. Real MTAs retry, most spam
 * software does not. Clients are grouped by /24 (IPv4) or /64 (IPv6), since large senders retry from
 * another address of their pool. Authenticated clients are never greylisted. The store is read and
 * written on {@code storeAccess}, never on the IO thread.
 */
public final class GreylistPolicy implements AsyncSmtpHook {
    private final GreylistStore store;
    private final Duration delay;
    private final Duration retryWindow;
    private final Duration passedLifetime;
    private final Clock clock;
    private final Executor storeAccess;

    public GreylistPolicy(GreylistStore store, Duration delay, Duration retryWindow, Duration passedLifetime, Clock clock, Executor storeAccess) {
        this.store = store;
        this.delay = delay;
        this.retryWindow = retryWindow;
        this.passedLifetime = passedLifetime;
        this.clock = clock;
        this.storeAccess = storeAccess;
    }

    @Override
    public CompletionStage<HookDecision> onRcpt(SessionInfo session, String recipient, Map<String, String> parameters) {
        if (session.authenticatedUser().isPresent()) {
            return HookDecision.proceedNow();
        }
        String triplet = network(session.clientAddress()) + "|" + session.sender().orElse("").toLowerCase(Locale.ROOT)
            + "|" + recipient.toLowerCase(Locale.ROOT);
        return CompletableFuture.supplyAsync(() -> decide(triplet), storeAccess);
    }

    private HookDecision decide(String triplet) {
        Instant now = clock.instant();
        GreylistStore.Entry entry = store.find(triplet).filter(known -> !isExpired(known, now)).orElse(null);
        if (entry == null) {
            store.save(triplet, new GreylistStore.Entry(now, false));
            return greylisted();
        }
        if (entry.passed()) {
            return HookDecision.proceed();
        }
        if (now.isBefore(entry.firstSeen().plus(delay))) {
            return greylisted();
        }
        store.save(triplet, new GreylistStore.Entry(now, true));
        return HookDecision.proceed();
    }

    private boolean isExpired(GreylistStore.Entry entry, Instant now) {
        return !now.isBefore(entry.firstSeen().plus(entry.passed() ? passedLifetime : retryWindow));
    }

    private HookDecision greylisted() {
        return HookDecision.tempReject(451, "4.7.1", "Greylisted, please try again in " + delay.toSeconds() + " seconds");
    }

    private static String network(InetAddress client) {
        byte[] address = client.getAddress();
        int prefixBytes = client instanceof Inet4Address ? 3 : 8;
        StringBuilder network = new StringBuilder();
        for (int i = 0; i < prefixBytes; i++) {
            network.append(address[i] & 0xff).append('.');
        }
        return network.toString();
    }
}
