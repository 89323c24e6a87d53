package dev.mailserver.delivery.tlsrpt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mailserver.delivery.tls.GoverningPolicy;
import dev.mailserver.delivery.tls.TlsResults;

/**
 * Counts the results of policy-governed connections by UTC day, policy and failure, as TLS-RPT reports
 * them (RFC 8460 section 4). Days are handed out once they are over. With a file, the counts not yet
 * reported are kept there by {@link #save()} and read back at the start.
 */
public final class TlsResultCollector implements TlsResults {
    private static final Logger LOGGER = LoggerFactory.getLogger(TlsResultCollector.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Clock clock;
    private final Optional<Path> file;
    private final Map<LocalDate, Map<GoverningPolicy, PolicyCounts>> days = new HashMap<>();

    /** @param file where the counts not yet reported are kept across restarts; empty for memory only */
    public TlsResultCollector(Clock clock, Optional<Path> file) {
        this.clock = clock;
        this.file = file;
        file.filter(Files::exists).ifPresent(this::load);
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

    /** One day's counts under one policy, as kept in the file ({@code day} as 2026-12-01). */
    private record Saved(String day, GoverningPolicy policy, long successes, List<SavedFailure> failures) {
    }

    private record SavedFailure(Failure failure, long count) {
    }

    /** Writes the counts not yet reported to the file (replacing it in one move). */
    public void save() {
        if (file.isEmpty()) {
            return;
        }
        List<Saved> saved = new ArrayList<>();
        synchronized (this) {
            days.forEach((day, policies) -> policies.forEach((policy, counts) -> saved.add(new Saved(day.toString(), policy, counts.successes,
                counts.failures.entrySet().stream().map(entry -> new SavedFailure(entry.getKey(), entry.getValue())).toList()))));
        }
        Path temporary = file.get().resolveSibling(file.get().getFileName() + ".tmp");
        try {
            JSON.writeValue(temporary.toFile(), saved);
            Files.move(temporary, file.get(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOGGER.warn("cannot keep the TLS report counts in {}: {}", file.get(), e.getMessage());
        }
    }

    private void load(Path from) {
        try {
            for (Saved saved : JSON.readValue(from.toFile(), new TypeReference<List<Saved>>() { })) {
                PolicyCounts counts = days.computeIfAbsent(LocalDate.parse(saved.day()), day -> new LinkedHashMap<>()).computeIfAbsent(saved.policy(), key -> new PolicyCounts());
                counts.successes += saved.successes();
                saved.failures().forEach(failure -> counts.failures.merge(failure.failure(), failure.count(), Long::sum));
            }
        } catch (IOException e) {
            LOGGER.warn("ignoring the unreadable TLS report counts in {}: {}", from, e.getMessage());
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
