package dev.mailserver.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code kill -9} while clients send and the engine delivers: every message that got a 250 is delivered
 * after the restart to each of its recipients exactly once, also those whose delivery was under way at the kill;
 * with the clients sending at once, most messages delivered on arrival, and with every message queued first.
 */
class CrashUnderLoadTest {
    private static final int CLIENTS = 4;
    private static final int MAX_MESSAGES_PER_CLIENT = 500;
    private static final int DELIVERY_WORKERS = 4;
    private static final Duration LOAD_LIMIT = Duration.ofMinutes(2);
    private static final Duration DELIVERY_LIMIT = Duration.ofMinutes(1);

    @TempDir
    Path dir;

    @ParameterizedTest(name = "delivery on arrival: {0}")
    @ValueSource(booleans = {true, false})
    void everyAcknowledgedMessageIsDeliveredAfterAKillUnderLoad(boolean onArrival) throws Exception {
        long seed = System.nanoTime();
        int killAfterAcks = 50 + new Random(seed).nextInt(150);
        int port = ServerProcess.freePort();
        Path dataDir = dir.resolve("data");
        Path config = TestServers.writeConfigFile(dir, LoadMail.serverSettings("mx.test", port, DELIVERY_WORKERS)
            + "delivery.on-arrival.enabled = " + onArrival + "\n");
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        CountDownLatch killPoint = new CountDownLatch(killAfterAcks);

        Process server = ServerProcess.start(config, port, dir.resolve("first.log"), dir.resolve("tmp"));
        LoadMail.killWhileSending(server, CLIENTS,
            client -> LoadMail.sendUntilRefused(port, "c" + client, MAX_MESSAGES_PER_CLIENT, acknowledged, killPoint), killPoint, LOAD_LIMIT);
        Set<String> mustArrive = Set.copyOf(acknowledged.keySet());
        assertThat(mustArrive).as("messages acknowledged before the kill (seed %d)", seed).isNotEmpty();

        Process restarted = ServerProcess.start(config, port, dir.resolve("second.log"), dir.resolve("tmp"));
        try {
            assertThat(Files.list(dataDir.resolve("incoming")).toList()).as("half-received files swept at start").isEmpty();
            for (String recipient : LoadMail.RECIPIENTS) {
                Map<String, Integer> copies = LoadMail.awaitDelivered(List.of(LoadMail.maildirOf(dataDir, recipient)), mustArrive,
                    DELIVERY_LIMIT);
                assertThat(copies.keySet()).as("delivered to %s (seed %d)", recipient, seed).containsAll(mustArrive);
                assertThat(copies.entrySet().stream().filter(entry -> entry.getValue() > 1).map(Map.Entry::getKey).toList())
                    .as("messages delivered twice to %s (seed %d)", recipient, seed).isEmpty();
            }
        } finally {
            restarted.destroy();
            assertThat(restarted.waitFor(30, TimeUnit.SECONDS)).as("server exits on SIGTERM").isTrue();
        }
    }
}
