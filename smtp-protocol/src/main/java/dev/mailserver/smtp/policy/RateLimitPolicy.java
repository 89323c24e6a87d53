package dev.mailserver.smtp.policy;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import dev.mailserver.plugin.api.HookDecision;
import dev.mailserver.plugin.api.SessionInfo;
import dev.mailserver.plugin.api.SmtpHook;

/**
 * Limits the messages (MAIL commands) per client IP address and per authenticated user within a
 * sliding window, in memory; over the limit MAIL gets {@code 450 4.7.1}. Share one instance between
 * listeners for a server-wide count. Clients that are {@code exempt} (the trusted networks) are not counted.
 */
public final class RateLimitPolicy implements SmtpHook {
    private final int maxPerClient;
    private final int maxPerUser;
    private final Duration window;
    private final Clock clock;
    private final Predicate<InetAddress> exempt;
    private final Map<String, Deque<Long>> events = new ConcurrentHashMap<>();

    /** @param maxPerClient MAIL commands per IP address in the window, 0 for no limit; likewise {@code maxPerUser} */
    public RateLimitPolicy(int maxPerClient, int maxPerUser, Duration window, Clock clock) {
        this(maxPerClient, maxPerUser, window, clock, client -> false);
    }

    /** @param exempt the clients whose messages are not counted */
    public RateLimitPolicy(int maxPerClient, int maxPerUser, Duration window, Clock clock, Predicate<InetAddress> exempt) {
        this.maxPerClient = maxPerClient;
        this.maxPerUser = maxPerUser;
        this.window = window;
        this.clock = clock;
        this.exempt = exempt;
    }

    @Override
    public HookDecision checkMail(SessionInfo session, String sender, Map<String, String> parameters) {
        if (exempt.test(session.clientAddress())) {
            return HookDecision.proceed();
        }
        long now = clock.millis();
        if (session.authenticatedUser().isPresent() && maxPerUser > 0
                && !admit("user:" + session.authenticatedUser().get().toLowerCase(Locale.ROOT), maxPerUser, now)) {
            return HookDecision.tempReject(450, "4.7.1", "Too many messages from this user, try again later");
        }
        if (maxPerClient > 0 && !admit("ip:" + session.clientAddress().getHostAddress(), maxPerClient, now)) {
            return HookDecision.tempReject(450, "4.7.1", "Too many messages from your address, try again later");
        }
        return HookDecision.proceed();
    }

    private boolean admit(String key, int max, long now) {
        Deque<Long> times = events.computeIfAbsent(key, ignored -> new ArrayDeque<>());
        synchronized (times) {
            while (!times.isEmpty() && times.peekFirst() <= now - window.toMillis()) {
                times.pollFirst();
            }
            if (times.size() >= max) {
                return false;
            }
            times.addLast(now);
            return true;
        }
    }
}
