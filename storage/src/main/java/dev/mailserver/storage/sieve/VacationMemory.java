package dev.mailserver.storage.sieve;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;

import dev.mailserver.core.QueueId;

/**
 * Whom a user's vacation replies went to (RFC 5230 section 4.2: at most one reply per sender and handle per
 * {@code :days}), in the file {@code vacation-replies} of the user's Sieve directory, one line per reply:
 * {@code <until epoch second> <queue id> <handle> <sender>}. The queue id is kept so that a delivery repeated after
 * a crash (whose reply may never have been queued) replies again; the queue stores the reply of only one attempt.
 * Written durably before the reply is handed over. Expired lines are dropped at each write.
 */
final class VacationMemory {
    static final String FILE_NAME = "vacation-replies";
    /** Bounds the file: a user on vacation answering this many senders at once forgets the oldest. */
    private static final int MAX_ENTRIES = 10_000;

    private final ReentrantLock lock = new ReentrantLock();

    private record Entry(long until, String queueId, String handle, String sender) {
        String line() {
            return until + " " + queueId + " " + handle + " " + sender;
        }
    }

    /**
     * Whether this message gets a reply, recording it when it does.
     *
     * @param directory the user's Sieve directory
     * @param sender the envelope sender the reply goes to
     */
    boolean replyDue(Path directory, String sender, String handle, QueueId queueId, int days, Instant now) throws IOException {
        String who = sender.toLowerCase(Locale.ROOT);
        String key = handle.replaceAll("\\s", "_");
        lock.lock();
        try {
            Path file = directory.resolve(FILE_NAME);
            List<Entry> entries = new ArrayList<>();
            for (Entry entry : read(file)) {
                if (entry.until() <= now.getEpochSecond()) {
                    continue;
                }
                if (entry.sender().equals(who) && entry.handle().equals(key)) {
                    return entry.queueId().equals(queueId.value());
                }
                entries.add(entry);
            }
            entries.add(new Entry(now.plus(Duration.ofDays(days)).getEpochSecond(), queueId.value(), key, who));
            List<Entry> kept = entries.subList(Math.max(0, entries.size() - MAX_ENTRIES), entries.size());
            StringBuilder text = new StringBuilder();
            kept.forEach(entry -> text.append(entry.line()).append('\n'));
            Files.createDirectories(directory);
            SieveScripts.replace(file, text.toString());
            return true;
        } finally {
            lock.unlock();
        }
    }

    private static List<Entry> read(Path file) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException none) {
            return List.of();
        }
        List<Entry> entries = new ArrayList<>();
        for (String line : lines) {
            String[] fields = line.split(" ", 4);
            if (fields.length == 4 && fields[0].matches("\\d{1,19}")) {
                entries.add(new Entry(Long.parseLong(fields[0]), fields[1], fields[2], fields[3]));
            }
        }
        return entries;
    }
}
