package dev.mailserver.smtp.policy;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import dev.mailserver.plugin.api.HookDecision;
import dev.mailserver.plugin.api.SessionInfo;
import dev.mailserver.plugin.api.SmtpHook;

/**
 * Limits the messages (MAIL commands) per client IP address and per authenticated user within a
 * sliding window, in memory; over the limit MAIL gets {@code 450 4.7.1}. Share one instance between
 * listeners for a server-wide count. Clients that are {@code exempt} (the trusted networks) are not counted.
 * Clients and users with no event left in the window are forgotten (checked once per window).
 */
public final class RateLimitPolicy implements SmtpHook {
    private final int maxPerClient;
    private final int maxPerUser;
    private final Duration window;
    private final Clock clock;
    private final Predicate<InetAddress> exempt;
    private final Map<String, Deque<Long>> events = new ConcurrentHashMap<>();
    private final AtomicLong lastSweepMillis = new AtomicLong();

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
        forgetIdle(now);
        if (session.authenticatedUser().isPresent() && maxPerUser > 0
                && !admit("user:" + session.authenticatedUser().get().toLowerCase(Locale.ROOT), maxPerUser, now)) {
            return HookDecision.tempReject(450, "4.7.1", "Too many messages from this user, try again later");
        }
        if (maxPerClient > 0 && !admit("ip:" + session.clientAddress().getHostAddress(), maxPerClient, now)) {
            return HookDecision.tempReject(450, "4.7.1", "Too many messages from your address, try again later");
        }
        return HookDecision.proceed();
    }

    /** Forgets the keys whose every event has left the window; at most once per window, so the map holds only recent clients. */
    private void forgetIdle(long now) {
        long lastSweep = lastSweepMillis.get();
        if (now - lastSweep < window.toMillis() || !lastSweepMillis.compareAndSet(lastSweep, now)) {
            return;
        }
        long oldest = now - window.toMillis();
        for (String key : events.keySet()) {
            events.computeIfPresent(key, (ignored, times) -> {
                synchronized (times) {
                    return times.isEmpty() || times.peekLast() <= oldest ? null : times;
                }
            });
        }
    }

    /** How many clients and users are being counted now. */
    public int trackedKeys() {
        return events.size();
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
