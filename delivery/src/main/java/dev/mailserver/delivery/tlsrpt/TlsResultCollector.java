package dev.mailserver.delivery.tlsrpt;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.mailserver.delivery.tls.GoverningPolicy;
import dev.mailserver.delivery.tls.TlsResults;

/**
 * Counts the results of policy-governed connections by UTC day, policy and failure, as TLS-RPT reports
 * them (RFC 8460 section 4). Days are handed out once they are over.
 */
public final class TlsResultCollector implements TlsResults {
    private final Clock clock;
    private final Map<LocalDate, Map<GoverningPolicy, PolicyCounts>> days = new HashMap<>();

    public TlsResultCollector(Clock clock) {
        this.clock = clock;
    }

    /** A failed session's details, as TLS-RPT's {@code failure-details} group them. */
    public record Failure(String resultType, String receivingMx, String receivingIp) {
    }

    /** The sessions under one policy in one day. */
    public static final class PolicyCounts {
        private long successes;
        private final Map<Failure, Long> failures = new LinkedHashMap<>();

        public long successes() {
            return successes;
        }

        public Map<Failure, Long> failures() {
            return Map.copyOf(failures);
        }

        public long failureCount() {
            return failures.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** One day's results of the policies of one domain. */
    public record DomainDay(String domain, LocalDate day, Map<GoverningPolicy, PolicyCounts> policies) {
    }

    @Override
    public synchronized void record(GoverningPolicy policy, String mxHost, String address, Optional<String> failureType) {
        PolicyCounts counts = days.computeIfAbsent(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC), day -> new LinkedHashMap<>())
            .computeIfAbsent(policy, key -> new PolicyCounts());
        if (failureType.isEmpty()) {
            counts.successes++;
        } else {
            counts.failures.merge(new Failure(failureType.get(), mxHost, address), 1L, Long::sum);
        }
    }

    /** Removes and returns the results of the days before today (UTC), by domain. */
    public synchronized List<DomainDay> takeFinishedDays() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        List<DomainDay> finished = new ArrayList<>();
        for (Iterator<Map.Entry<LocalDate, Map<GoverningPolicy, PolicyCounts>>> entries = days.entrySet().iterator(); entries.hasNext(); ) {
            Map.Entry<LocalDate, Map<GoverningPolicy, PolicyCounts>> entry = entries.next();
            if (!entry.getKey().isBefore(today)) {
                continue;
            }
            Map<String, Map<GoverningPolicy, PolicyCounts>> byDomain = new LinkedHashMap<>();
            entry.getValue().forEach((policy, counts) -> byDomain.computeIfAbsent(policy.domain(), domain -> new LinkedHashMap<>()).put(policy, counts));
            byDomain.forEach((domain, policies) -> finished.add(new DomainDay(domain, entry.getKey(), policies)));
            entries.remove();
        }
        return finished;
    }
}
