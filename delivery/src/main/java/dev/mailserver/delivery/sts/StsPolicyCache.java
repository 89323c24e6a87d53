package dev.mailserver.delivery.sts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MTA-STS policies fetched, by domain, each until its {@code max_age} has passed. With a directory,
 * each policy is also kept in a file there ({@code <domain>.txt}: the id and the fetch time, then the
 * policy as fetched), so that a restart does not forget them (RFC 8461 section 5.1 wants policies kept
 * for their max_age: a man in the middle must not be able to remove one by blocking the next fetch).
 */
public final class StsPolicyCache {
    private static final Logger LOGGER = LoggerFactory.getLogger(StsPolicyCache.class);

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Optional<Path> directory;

    /** A policy and when it was fetched (or last confirmed by an unchanged id). */
    public record Entry(StsPolicy policy, Instant fetchedAt) {
        public boolean isValidAt(Instant now) {
            return now.isBefore(fetchedAt.plus(policy.maxAge()));
        }
    }

    /** @param directory where policies are kept across restarts; empty for memory only */
    public StsPolicyCache(Optional<Path> directory) {
        this.directory = directory;
        directory.ifPresent(this::loadAll);
    }

    public Optional<Entry> get(String domain) {
        return Optional.ofNullable(entries.get(key(domain)));
    }

    public void put(String domain, Entry entry) {
        entries.put(key(domain), entry);
        directory.ifPresent(dir -> save(dir, key(domain), entry));
    }

    private static String key(String domain) {
        return domain.toLowerCase(Locale.ROOT);
    }

    private void loadAll(Path dir) {
        try {
            Files.createDirectories(dir);
            try (var files = Files.list(dir)) {
                files.filter(file -> file.getFileName().toString().endsWith(".txt")).forEach(this::loadOne);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the MTA-STS policy cache in " + dir, e);
        }
    }

    private void loadOne(Path file) {
        String name = file.getFileName().toString();
        String domain = name.substring(0, name.length() - ".txt".length());
        try {
            String[] parts = Files.readString(file, StandardCharsets.UTF_8).split("\n", 3);
            StsPolicy policy = StsPolicyParser.policy(parts[0].strip(), parts[2]);
            entries.put(domain, new Entry(policy, Instant.parse(parts[1].strip())));
        } catch (IOException | RuntimeException | StsPolicyParser.InvalidPolicy e) {
            LOGGER.warn("ignoring the unreadable MTA-STS policy cache file {}: {}", file, e.getMessage());
        }
    }

    private static void save(Path dir, String domain, Entry entry) {
        Path file = dir.resolve(domain + ".txt");
        Path temporary = dir.resolve(domain + ".txt.tmp");
        try {
            Files.writeString(temporary, entry.policy().id() + "\n" + entry.fetchedAt() + "\n" + entry.policy().text(), StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOGGER.warn("cannot keep the MTA-STS policy of {} in {}: {}", domain, dir, e.getMessage());
        }
    }
}
