package dev.mailserver.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.queue.postgres.testing.TestDatabase;
import dev.mailserver.smtp.testing.SmtpTestClient;

/** One message end to end with the queue on PostgreSQL: SMTP in, the database, Maildir out, nothing left queued. */
class PostgresQueueEndToEndTest {
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path dataDir;
    private TestDatabase database;
    private MailServer server;

    @BeforeEach
    void startServer() throws Exception {
        database = TestDatabase.create();
        server = MailServer.create(TestServers.config(dataDir, 0, postgresQueue(database)));
        server.start();
    }

    /** The settings that put a test server's queue on {@code database}. */
    static String postgresQueue(TestDatabase database) {
        return """
            mailserver.queue {
              backend = postgresql
              postgresql { url = "%s", user = "%s", password = "%s", pool-size = 4 }
            }
            """.formatted(database.url(), database.user(), database.password());
    }

    @AfterEach
    void stopServer() throws Exception {
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
        long deadline = System.nanoTime() + DELIVERY_TIMEOUT.toNanos();
        while (server.queue().size() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(server.queue().size()).isZero();
    }
}
