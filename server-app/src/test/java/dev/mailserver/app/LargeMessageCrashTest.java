package dev.mailserver.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.core.testing.Await;

/**
 * {@code kill -9} while clients send messages of about 200 KiB, whose content the queue keeps as files in
 * {@code spool/content/}: after the restart every message that got its 250 is delivered byte for byte, and
 * once the queue is empty no content file is left (none lost its record, none was orphaned by the kill).
 */
class LargeMessageCrashTest {
    private static final int CLIENTS = 3;
    private static final int MAX_MESSAGES_PER_CLIENT = 60;
    private static final int BODY_LINES = 2500;
    private static final Pattern MARKER = Pattern.compile("X-Load-Marker: (\\S+)");
    private static final String RECIPIENT = "alice@example.test";
    private static final Duration LOAD_LIMIT = Duration.ofMinutes(2);
    private static final Duration DELIVERY_LIMIT = Duration.ofMinutes(2);

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedLargeMessageIsDeliveredByteForByteAndNoContentFileIsLeft() throws Exception {
        long seed = System.nanoTime();
        int killAfterAcks = 5 + new Random(seed).nextInt(20);
        int port = ServerProcess.freePort();
        Path dataDir = dir.resolve("data");
        Path config = TestServers.writeConfigFile(dir, LoadMail.serverSettings("mx.test", port, 2));
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        CountDownLatch killPoint = new CountDownLatch(killAfterAcks);

        Process server = ServerProcess.start(config, port, dir.resolve("first.log"), dir.resolve("tmp"));
        LoadMail.killWhileSending(server, CLIENTS, client -> LoadMail.sendUntilRefused(port, "c" + client, MAX_MESSAGES_PER_CLIENT,
            acknowledged, killPoint, List.of(RECIPIENT), LargeMessageCrashTest::message), killPoint, LOAD_LIMIT);
        Map<String, String> mustArrive = Map.copyOf(acknowledged);
        assertThat(mustArrive).as("messages acknowledged before the kill (seed %d)", seed).isNotEmpty();

        Process restarted = ServerProcess.start(config, port, dir.resolve("second.log"), dir.resolve("tmp"));
        try {
            Path maildir = LoadMail.maildirOf(dataDir, RECIPIENT);
            Map<String, List<String>> delivered = Await.value(() -> deliveredByMarker(maildir),
                found -> found.keySet().containsAll(mustArrive.keySet()), DELIVERY_LIMIT);
            assertThat(delivered.keySet()).as("delivered (seed %d)", seed).containsAll(mustArrive.keySet());
            for (String marker : mustArrive.keySet()) {
                assertThat(delivered.get(marker)).as("copies of %s (seed %d)", marker, seed).hasSize(1);
                assertThat(delivered.get(marker).get(0)).as("%s byte for byte (seed %d)", marker, seed).isEqualTo(message(marker));
            }
            Path contentFiles = dataDir.resolve("spool").resolve("content");
            assertThat(Await.value(() -> fileCount(contentFiles), count -> count == 0, DELIVERY_LIMIT))
                .as("content files left once everything is delivered (seed %d)", seed).isZero();
        } finally {
            restarted.destroy();
            assertThat(restarted.waitFor(30, TimeUnit.SECONDS)).as("server exits on SIGTERM").isTrue();
        }
    }

    /** About 200 KiB, every line different, so that a lost or misplaced chunk shows. */
    private static String message(String marker) {
        StringBuilder message = new StringBuilder("Subject: large " + marker + "\r\nX-Load-Marker: " + marker + "\r\n\r\n");
        for (int line = 0; line < BODY_LINES; line++) {
            message.append(marker).append(" line ").append(line).append(' ').append("0123456789abcdef".repeat(4)).append("\r\n");
        }
        return message.toString();
    }

    private static Map<String, List<String>> deliveredByMarker(Path maildir) throws IOException {
        Map<String, List<String>> found = new HashMap<>();
        for (Path file : Maildirs.newMessages(maildir)) {
            String original = Maildirs.withoutOurReceivedHeader(Files.readString(file, StandardCharsets.ISO_8859_1));
            Matcher marker = MARKER.matcher(original);
            if (marker.find()) {
                found.computeIfAbsent(marker.group(1), key -> new ArrayList<>()).add(original);
            }
        }
        return found;
    }

    private static long fileCount(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.count();
        }
    }
}
