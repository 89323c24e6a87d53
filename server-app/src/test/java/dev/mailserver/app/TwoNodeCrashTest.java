package dev.mailserver.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.queue.postgres.testing.TestDatabase;

/**
 * Two server processes share one queue on PostgreSQL, each with its own data directory but the same
 * mailboxes (B's {@code mail} is a link to A's, as a shared file system would be). Clients send 1,000
 * messages to both; while they deliver, node A gets {@code kill -9}. Node B takes A's mail over once A's
 * leases time out: every message that got a 250 from either node is then delivered to each recipient,
 * and exactly once: a recipient recorded as delivered is not tried again, and for the deliveries A made
 * without recording them B finds A's copy (the queue tells it the lease was taken over).
 */
class TwoNodeCrashTest {
    private static final int MESSAGES_PER_CLIENT = 250;
    private static final int CLIENTS_PER_NODE = 2;
    private static final int DELIVERY_WORKERS = 4;
    private static final Duration LEASE_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration LOAD_LIMIT = Duration.ofMinutes(3);
    private static final Duration DELIVERY_LIMIT = Duration.ofMinutes(3);

    @TempDir
    Path dir;
    private TestDatabase database;

    @AfterEach
    void dropDatabase() throws Exception {
        if (database != null) {
            database.drop();
        }
    }

    @Test
    void everyAcknowledgedMessageIsDeliveredOnceWhenOneOfTwoNodesIsKilled() throws Exception {
        database = TestDatabase.create();
        long seed = System.nanoTime();
        int killAfterAcks = 100 + new Random(seed).nextInt(200);
        int portA = ServerProcess.freePort();
        int portB = ServerProcess.freePort();
        Path dataA = dir.resolve("a/data");
        Path dataB = dir.resolve("b/data");
        Files.createDirectories(dataA.resolve("mail"));
        Files.createDirectories(dataB);
        Files.createSymbolicLink(dataB.resolve("mail"), dataA.resolve("mail"));
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        CountDownLatch killPoint = new CountDownLatch(killAfterAcks);

        Process nodeA = ServerProcess.start(writeConfig("a", portA), portA, dir.resolve("a.log"), dir.resolve("a/tmp"));
        Process nodeB = ServerProcess.start(writeConfig("b", portB), portB, dir.resolve("b.log"), dir.resolve("b/tmp"));
        ExecutorService clients = Executors.newFixedThreadPool(2 * CLIENTS_PER_NODE);
        try {
            for (int client = 0; client < CLIENTS_PER_NODE; client++) {
                String onA = "a" + client;
                String onB = "b" + client;
                clients.execute(() -> LoadMail.sendUntilRefused(portA, onA, MESSAGES_PER_CLIENT, acknowledged, killPoint));
                clients.execute(() -> LoadMail.sendUntilRefused(portB, onB, MESSAGES_PER_CLIENT, acknowledged, killPoint));
            }
            killPoint.await(LOAD_LIMIT.toSeconds(), TimeUnit.SECONDS);
            nodeA.destroyForcibly();
            assertThat(nodeA.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(nodeA.exitValue()).isEqualTo(137);
            clients.shutdown();
            assertThat(clients.awaitTermination(LOAD_LIMIT.toSeconds(), TimeUnit.SECONDS)).as("clients finish").isTrue();

            Set<String> mustArrive = Set.copyOf(acknowledged.keySet());
            assertThat(mustArrive).as("acknowledged by node A (seed %d)", seed).anyMatch(marker -> marker.startsWith("a"));
            assertThat(mustArrive).as("node B took all its clients' mail").filteredOn(marker -> marker.startsWith("b"))
                .hasSize(CLIENTS_PER_NODE * MESSAGES_PER_CLIENT);
            for (String recipient : LoadMail.RECIPIENTS) {
                Map<String, Integer> copies = LoadMail.awaitDelivered(List.of(LoadMail.maildirOf(dataA, recipient)), mustArrive,
                    DELIVERY_LIMIT);
                assertThat(copies.keySet()).as("delivered to %s (seed %d)", recipient, seed).containsAll(mustArrive);
                assertThat(copies).as("messages in %s more than once (seed %d)", recipient, seed).allSatisfy((marker, count) ->
                    assertThat(count).as(marker).isEqualTo(1));
            }
        } finally {
            clients.shutdownNow();
            nodeA.destroyForcibly();
            nodeB.destroy();
            assertThat(nodeB.waitFor(30, TimeUnit.SECONDS)).as("node B exits on SIGTERM").isTrue();
        }
    }

    /** Node {@code name}'s configuration in its own directory, its data in {@code <dir>/<name>/data}. */
    private Path writeConfig(String name, int port) throws IOException {
        Path nodeDir = Files.createDirectories(dir.resolve(name));
        return TestServers.writeConfigFile(nodeDir, LoadMail.serverSettings("mx-" + name + ".test", port, DELIVERY_WORKERS)
            + "queue.lease-timeout = " + LEASE_TIMEOUT.toSeconds() + "s\n" + PostgresQueueEndToEndTest.postgresQueue(database));
    }
}
