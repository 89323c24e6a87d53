package dev.mailserver.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.core.testing.Await;
import dev.mailserver.queue.postgres.testing.TestDatabase;
import dev.mailserver.smtp.testing.SmtpTestClient;

/**
 * The queue on PostgreSQL seen from SMTP: a message goes in, through the database, out to the Maildir; while
 * the database is down, mail is refused with {@code 451 4.3.0} and taken again once it is back.
 */
class PostgresQueueEndToEndTest {
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration RECONNECT_LIMIT = Duration.ofSeconds(60);
    private static final String NODE = "pg-node-1";

    @TempDir
    Path dataDir;
    private TestDatabase database;
    private MailServer server;
    private boolean databaseStopped;

    @BeforeEach
    void startServer() throws Exception {
        database = TestDatabase.create();
        server = MailServer.create(TestServers.config(dataDir, 0, "mailserver { node = " + NODE + ", " + postgresQueue(database) + " }"));
        server.start();
    }

    /** The settings (inside {@code mailserver { }}) that put a test server's queue on {@code database}. */
    static String postgresQueue(TestDatabase database) {
        return """
            queue {
              backend = postgresql
              postgresql { url = "%s", user = "%s", password = "%s", pool-size = 4 }
            }
            """.formatted(database.url(), database.user(), database.password());
    }

    @AfterEach
    void stopServer() throws Exception {
        if (databaseStopped) {
            TestDatabase.startServer();
        }
        if (server != null) {
            server.stop();
        }
        if (database != null) {
            database.drop();
        }
    }

    @Test
    void aMessageIsQueuedInTheDatabaseAndDelivered() throws Exception {
        String reply;
        try (SmtpTestClient client = SmtpTestClient.greeted(server.mtaAddress())) {
            reply = client.sendMessage("bob@remote.test", "postmaster@localhost", "Subject: via postgres\r\n\r\nhello\r\n");
            client.command("QUIT");
        }

        assertThat(reply).matches("250 2\\.0\\.0 Ok: queued as [0-9A-Z]{16}");
        List<Path> delivered = Maildirs.awaitNewMessages(dataDir.resolve("mail/localhost/postmaster"), 1, DELIVERY_TIMEOUT);
        assertThat(Files.readString(delivered.get(0), StandardCharsets.ISO_8859_1)).contains("Subject: via postgres");
        assertThat(Files.exists(dataDir.resolve("spool"))).as("no RocksDB spool").isFalse();
        awaitEmptyQueue();
    }

    @Test
    void theDatabaseKnowsTheNodeByTheNameItsMetricsCarry() throws Exception {
        String listener = "mailserver " + NODE + " listener";
        try (Connection connection = DriverManager.getConnection(database.url(), database.user(), database.password());
             PreparedStatement query = connection.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE application_name = ?")) {
            query.setString(1, listener);
            try (ResultSet result = query.executeQuery()) {
                assertThat(result.next()).isTrue();
                assertThat(result.getLong(1)).as("connections named " + listener).isEqualTo(1);
            }
        }
        String metrics = new AdminHttp(server.adminAddress()).get("/metrics",
            Files.readString(dataDir.resolve("admin-token")).trim()).body();
        assertThat(new PrometheusText(metrics).count("mailserver_queue_messages", "node=\"" + NODE + "\"")).isEqualTo(1);
    }

    private void awaitEmptyQueue() throws Exception {
        assertThat(Await.value(() -> server.queue().size(), size -> size == 0, DELIVERY_TIMEOUT)).as("messages left queued").isZero();
    }

    @Test
    void whileTheDatabaseIsDownMailIsRefusedWith451AndTakenAgainOnceItIsBack() throws Exception {
        TestDatabase.assumeRestartable();
        assertThat(send("before")).startsWith("250 2.0.0 Ok: queued as ");
        // Delivered and recorded first: an attempt the outage kept from being recorded would wait for its lease timeout.
        Maildirs.awaitNewMessages(dataDir.resolve("mail/localhost/postmaster"), 1, DELIVERY_TIMEOUT);
        awaitEmptyQueue();

        TestDatabase.stopServer();
        databaseStopped = true;
        assertThat(send("while down")).startsWith("451 4.3.0 ");

        TestDatabase.startServer();
        databaseStopped = false;
        // The first tries after the restart may still meet a pooled connection the restart broke.
        assertThat(Await.value(() -> send("after"), reply -> !reply.startsWith("451"), RECONNECT_LIMIT))
            .startsWith("250 2.0.0 Ok: queued as ");

        List<Path> delivered = Maildirs.awaitNewMessages(dataDir.resolve("mail/localhost/postmaster"), 2, DELIVERY_TIMEOUT);
        StringBuilder texts = new StringBuilder();
        for (Path file : delivered) {
            texts.append(Files.readString(file, StandardCharsets.ISO_8859_1));
        }
        assertThat(texts).contains("Subject: before", "Subject: after").doesNotContain("Subject: while down");
    }

    private String send(String subject) throws Exception {
        try (SmtpTestClient client = SmtpTestClient.greeted(server.mtaAddress())) {
            return client.sendMessage("bob@remote.test", "postmaster@localhost", "Subject: " + subject + "\r\n\r\nhello\r\n");
        }
    }
}
