package dev.mailserver.queue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What RocksDB dropped of a damaged write-ahead log while opening the spool. RocksDB replays the log up
 * to the damage and drops the rest, saying so only in its own {@code LOG} file ("dropping N bytes"),
 * which it starts afresh at each open; its API reports nothing.
 */
final class WalDamage {
    private static final Pattern DROPPED = Pattern.compile("dropping (\\d+) bytes");

    private WalDamage() {
    }

    /** The bytes RocksDB says it dropped while opening the database in {@code directory}. */
    static long droppedBytes(Path directory) throws IOException {
        Path log = directory.resolve("LOG");
        if (!Files.exists(log)) {
            return 0;
        }
        long dropped = 0;
        for (String line : Files.readAllLines(log, StandardCharsets.ISO_8859_1)) {
            Matcher matcher = DROPPED.matcher(line);
            while (matcher.find()) {
                dropped += Long.parseLong(matcher.group(1));
            }
        }
        return dropped;
    }
}
