package dev.mailserver.storage.directory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Finds a way from an alias back to itself through the targets of the aliases file's entries. */
final class AliasCycles {
    private AliasCycles() {
    }

    /** @return the keys on the way from {@code start} back to it, {@code start} first and last; empty when there is none */
    static Optional<List<String>> find(Map<String, String> entries, String start) {
        List<String> path = new ArrayList<>(List.of(start));
        return search(entries, start, start, path, new ArrayList<>());
    }

    private static Optional<List<String>> search(Map<String, String> entries, String start, String key, List<String> path, List<String> seen) {
        String targets = entries.get(key);
        if (targets == null || seen.contains(key)) {
            return Optional.empty();
        }
        seen.add(key);
        for (String target : targets.split(",")) {
            String next = target.strip().toLowerCase(Locale.ROOT);
            path.add(next);
            if (next.equals(start)) {
                return Optional.of(List.copyOf(path));
            }
            Optional<List<String>> cycle = search(entries, start, next, path, seen);
            if (cycle.isPresent()) {
                return cycle;
            }
            path.removeLast();
        }
        return Optional.empty();
    }
}
