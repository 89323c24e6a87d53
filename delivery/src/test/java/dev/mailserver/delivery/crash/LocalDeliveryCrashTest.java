package dev.mailserver.delivery.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the spool and delivery engine while they queue and deliver to Maildirs, several times over,
 * while a mail reader moves what arrives from new/ to cur/: after the last restart every message that was synced
 * into the spool is in each recipient's Maildir exactly once. A crash between storing a copy and recording it
 * would otherwise store a second copy.
 */
class LocalDeliveryCrashTest {
    private static final int ROUNDS = 6;
    private static final Pattern MARKER = Pattern.compile("X-Load-Marker: (\\S+)");

    @TempDir
    Path dir;

    @Test
    void everyQueuedMessageIsInEachMaildirExactlyOnceAfterKillsUnderLoad() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Set<String> queued = new HashSet<>();
        Thread reader = Thread.ofPlatform().daemon().start(this::readWhileRunning);
        for (int round = 0; round < ROUNDS; round++) {
            Process load = start("load", "r" + round);
            int killAfter = 200 + random.nextInt(600);
            try (BufferedReader out = new BufferedReader(new InputStreamReader(load.getInputStream(), StandardCharsets.US_ASCII))) {
                String line;
                while (queued.size() < killAfter * (round + 1) && (line = out.readLine()) != null) {
                    if (line.startsWith("queued ")) {
                        queued.add(line.substring("queued ".length()));
                    }
                }
            } finally {
                // Also closes the output: a message queued after the last line read need not arrive, but may not arrive twice.
                load.destroyForcibly();
            }
            assertThat(load.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(load.exitValue()).as("killed, round %d (seed %d); log: %s", round, seed, log(round)).isEqualTo(137);
        }

        reader.interrupt();
        reader.join(10_000);
        Process drain = start("drain", "-");
        assertThat(drain.waitFor(5, TimeUnit.MINUTES)).as("the drain ends (it gives up after 4 minutes)").isTrue();
        assertThat(new String(drain.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)).contains("drained");

        for (String recipient : LocalDeliveryProcess.RECIPIENTS) {
            Map<String, Integer> copies = copiesByMarker(maildirOf(recipient));
            assertThat(copies.keySet()).as("delivered to %s (seed %d)", recipient, seed).containsAll(queued);
            assertThat(copies.entrySet().stream().filter(entry -> entry.getValue() > 1).map(Map.Entry::getKey).toList())
                .as("messages stored twice for %s (seed %d)", recipient, seed).isEmpty();
        }
    }

    /** Moves each message in new/ to cur/ as IMAP and POP3 servers do, with flags in its name. */
    private void readWhileRunning() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                for (String recipient : LocalDeliveryProcess.RECIPIENTS) {
                    Path maildir = maildirOf(recipient);
                    if (Files.isDirectory(maildir.resolve("new"))) {
                        try (Stream<Path> files = Files.list(maildir.resolve("new"))) {
                            for (Path file : files.toList()) {
                                Files.move(file, maildir.resolve("cur").resolve(file.getFileName() + ":2,S"));
                            }
                        }
                    }
                }
                Thread.sleep(20);
            }
        } catch (InterruptedException stop) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Process start(String mode, String round) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
            "--enable-native-access=ALL-UNNAMED", "-Djava.io.tmpdir=" + Files.createDirectories(dir.resolve("tmp")),
            "-cp", System.getProperty("java.class.path"), LocalDeliveryProcess.class.getName(),
            mode, dir.resolve("spool").toString(), dir.resolve("mail").toString(), round));
        return new ProcessBuilder(command).redirectError(dir.resolve("process-" + round + ".log").toFile()).start();
    }

    private String log(int round) throws IOException {
        return Files.readString(dir.resolve("process-r" + round + ".log"));
    }

    private Path maildirOf(String recipient) {
        String[] parts = recipient.split("@");
        return dir.resolve("mail").resolve(parts[1]).resolve(parts[0]);
    }

    private static Map<String, Integer> copiesByMarker(Path maildir) throws IOException {
        Map<String, Integer> copies = new HashMap<>();
        try (Stream<Path> files = Stream.concat(Files.list(maildir.resolve("new")), Files.list(maildir.resolve("cur")))) {
            for (Path file : files.toList()) {
                Matcher marker = MARKER.matcher(Files.readString(file, StandardCharsets.ISO_8859_1));
                if (marker.find()) {
                    copies.merge(marker.group(1), 1, Integer::sum);
                }
            }
        }
        return copies;
    }
}
