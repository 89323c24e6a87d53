package dev.mailserver.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mailserver.core.Envelope;
import dev.mailserver.core.MessageContent;
import dev.mailserver.core.QueueId;
import dev.mailserver.core.testing.Await;
import dev.mailserver.smtp.testing.SmtpTestClient;
import dev.mailserver.storage.directory.Aliases;
import dev.mailserver.storage.directory.DomainAliases;
import dev.mailserver.storage.directory.LocalDomains;

/**
 * The admin API of a running server over HTTP: the token, health, the queue operations on real mail in the
 * spool (mail for remote.test, whose next hop refuses connections, so it stays deferred), and
 * {@code /metrics} scraped in the Prometheus text format before and after mail flows over SMTP.
 */
class AdminApiTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String MESSAGE = "From: alice@example.test\r\nTo: bob@remote.test\r\nSubject: waiting\r\n\r\nhello\r\n";

    @TempDir
    Path dataDir;
    private MailServer server;
    private AdminHttp http;
    private String token;

    @BeforeEach
    void startServer() throws Exception {
        server = MailServer.create(TestServers.config(dataDir, 0, """
            mailserver.node = "node-a"
            mailserver.delivery.remote {
              self-addresses = ["192.0.2.1"]
              transports = [{ domain = "remote.test", host = "127.0.0.1", port = %d, tls = none }]
            }
            """.formatted(ServerProcess.freePort())));
        server.start();
        http = new AdminHttp(server.adminAddress());
        token = Files.readString(dataDir.resolve("admin-token")).trim();
    }

    @AfterEach
    void stopServer() throws Exception {
        server.stop();
    }

    @Test
    void healthNeedsNoTokenAndNamesEveryComponent() throws Exception {
        HttpResponse<String> health = http.get("/health", null);

        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode body = AdminHttp.json(health);
        assertThat(body.get("status").asText()).isEqualTo("UP");
        assertThat(body.get("components").properties()).extracting(entry -> entry.getKey() + "=" + entry.getValue().asText())
            .filteredOn(component -> !component.startsWith("spool space="))
            .containsExactly("spool=UP", "delivery=UP", "listener mta=UP", "listener submission=UP", "listener submissions=UP");
        assertThat(body.get("components").get("spool space").asText()).matches("\\d+ bytes free, reserve \\d+ bytes .*");
    }

    @Test
    void belowTheSpoolReserveHealthIsDegradedAndMailIsRefusedAtMail() throws Exception {
        server.stop();
        server = MailServer.create(TestServers.config(dataDir.resolve("full"), 0, "mailserver.queue.min-free-space = 1000000TiB"));
        server.start();
        HttpResponse<String> health = new AdminHttp(server.adminAddress()).get("/health", null);

        assertThat(health.statusCode()).isEqualTo(503);
        JsonNode body = AdminHttp.json(health);
        assertThat(body.get("status").asText()).isEqualTo("DEGRADED");
        assertThat(body.get("components").get("spool").asText()).isEqualTo("DEGRADED");
        assertThat(body.get("components").get("spool space").asText()).contains("reserve 1099511627776000000 bytes");
        try (SmtpTestClient client = SmtpTestClient.greeted(server.mtaAddress())) {
            assertThat(client.command("MAIL FROM:<bob@remote.test>")).startsWith("452 4.3.1");
        }
    }

    @Test
    void everyOtherEndpointNeedsTheBearerToken() throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("admin-token")))).isEqualTo("rw-------");
        for (String path : List.of("/queue", "/queue/counts", "/metrics", "/users", "/domains", "/aliases", "/domain-aliases")) {
            assertThat(http.get(path, null).statusCode()).as(path).isEqualTo(401);
            assertThat(http.get(path, "wrong" + token).statusCode()).as(path).isEqualTo(401);
            assertThat(http.get(path, token).statusCode()).as(path).isEqualTo(200);
        }
        assertThat(http.post("/queue/delete", null).statusCode()).isEqualTo(401);
        assertThat(AdminHttp.json(http.get("/queue", null)).get("error").asText()).contains("bearer token");
        assertThat(AdminHttp.json(http.get("/domains", token))).extracting(JsonNode::asText).containsExactly("localhost", "example.test");
    }

    @Test
    void aFailureInsideTheServerIsA500WhoseBodyTellsNothingOfIt() throws Exception {
        // The day's DMARC outcome file cannot be read: a directory stands where it should be.
        Files.createDirectories(dataDir.resolve("dmarc").resolve("2026-01-01.tsv"));
        HttpResponse<String> failed = http.get("/dmarc/2026-01-01", token);
        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(AdminHttp.json(failed).get("error").asText()).isEqualTo("internal error; the server log has the details");
        assertThat(failed.body()).doesNotContain("Exception", "directory", "2026-01-01", dataDir.toString());
    }

    @Test
    void domainsAndAliasesAddedWithTheCommandsAreListed() throws Exception {
        LocalDomains.open(dataDir.resolve("domains")).add(Domain.of("added.test"));
        Aliases.open(dataDir.resolve("aliases")).add(new MailAddress("team@example.test"), List.of(new MailAddress("alice@example.test")));
        Aliases.open(dataDir.resolve("aliases")).addCatchAll(Domain.of("example.test"), List.of(new MailAddress("alice@example.test")));
        DomainAliases.open(dataDir.resolve("domain-aliases")).add(Domain.of("alias.test"), Domain.of("example.test"));
        TestServers.letTheServerSeeDirectoryChanges();

        assertThat(AdminHttp.json(http.get("/domains", token))).extracting(JsonNode::asText).containsExactly("localhost", "example.test", "added.test");
        assertThat(AdminHttp.json(http.get("/aliases", token)).get("team@example.test").asText()).contains("alice@example.test");
        assertThat(AdminHttp.json(http.get("/aliases", token)).get("@example.test").asText()).isEqualTo("alice@example.test");
        assertThat(AdminHttp.json(http.get("/domain-aliases", token)).get("alias.test").asText()).isEqualTo("example.test");
    }

    @Test
    void aConfiguredTokenIsUsedInsteadOfAFile() throws Exception {
        server.stop();
        Path other = dataDir.resolve("other");
        server = MailServer.create(TestServers.config(other, 0, "mailserver.admin.token = \"configured-secret\""));
        server.start();
        AdminHttp configured = new AdminHttp(server.adminAddress());

        assertThat(configured.get("/queue", "configured-secret").statusCode()).isEqualTo(200);
        assertThat(configured.get("/queue", token).statusCode()).isEqualTo(401);
        assertThat(other.resolve("admin-token")).doesNotExist();
    }

    @Test
    void aSwitchedOffAdminApiDoesNotListen() throws Exception {
        server.stop();
        server = MailServer.create(TestServers.config(dataDir.resolve("off"), 0, "mailserver.admin.enabled = false"));
        server.start();

        assertThatThrownBy(server::adminAddress).isInstanceOf(IllegalStateException.class).hasMessageContaining("not running");
        assertThat(dataDir.resolve("off/admin-token")).doesNotExist();
    }

    @Test
    void listShowHoldReleaseFlushAndDeleteQueuedMail() throws Exception {
        List<String> ids = List.of(enqueue("alice@example.test"), enqueue("carol@example.test"));
        Await.until(() -> deferredCount() == 2, TIMEOUT);

        JsonNode listed = getJson("/queue?domain=remote.test");
        assertThat(listed).extracting(message -> message.get("id").asText()).containsExactlyElementsOf(ids);
        assertThat(listed.get(0).get("recipients").get(0).get("address").asText()).isEqualTo("bob@remote.test");
        assertThat(listed.get(0).get("recipients").get(0).get("lastResult").asText()).startsWith("4.");
        assertThat(getJson("/queue?sender=carol@example.test&limit=5")).hasSize(1);
        assertThat(getJson("/queue?limit=1")).hasSize(1);

        JsonNode shown = getJson("/queue/" + ids.get(0));
        assertThat(shown.get("message").get("sender").asText()).isEqualTo("alice@example.test");
        assertThat(shown.get("headers")).extracting(header -> header.get("name").asText() + ": " + header.get("value").asText())
            .contains("Subject: waiting");

        JsonNode held = postJson("/queue/hold?id=" + ids.get(0));
        assertThat(held.get("count").asInt()).isEqualTo(1);
        assertThat(held.get("ids")).extracting(JsonNode::asText).containsExactly(ids.get(0));
        assertThat(getJson("/queue?state=held")).extracting(message -> message.get("id").asText()).containsExactly(ids.get(0));
        assertThat(getJson("/queue/counts").get("byState").get("held").asInt()).isEqualTo(1);

        assertThat(postJson("/queue/release?state=held").get("ids")).extracting(JsonNode::asText).containsExactly(ids.get(0));
        assertThat(getJson("/queue?state=held")).isEmpty();
        assertThat(postJson("/queue/flush?domain=remote.test").get("count").asInt()).isEqualTo(2);

        assertThat(postJson("/queue/delete?sender=alice@example.test").get("ids")).extracting(JsonNode::asText).containsExactly(ids.get(0));
        assertThat(http.get("/queue/" + ids.get(0), token).statusCode()).isEqualTo(404);
        assertThat(getJson("/queue")).extracting(message -> message.get("id").asText()).containsExactly(ids.get(1));
    }

    @Test
    void aChangeWithoutAFilterNeedsAllTrue() throws Exception {
        List<String> ids = List.of(enqueue("alice@example.test"), enqueue("carol@example.test"));
        Await.until(() -> deferredCount() == 2, TIMEOUT);

        HttpResponse<String> unnamed = http.post("/queue/delete", token);
        assertThat(unnamed.statusCode()).isEqualTo(400);
        assertThat(AdminHttp.json(unnamed).get("error").asText()).contains("all=true");
        assertThat(http.post("/queue/delete?all=yes", token).statusCode()).isEqualTo(400);
        assertThat(getJson("/queue")).hasSize(2);

        assertThat(postJson("/queue/delete?all=true").get("ids")).extracting(JsonNode::asText).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(getJson("/queue")).isEmpty();
    }

    @Test
    void badFiltersAreRefusedWithTheParameterNamed() throws Exception {
        for (String query : List.of("state=bogus", "min-age=soon", "sender=not-an-address", "id=nope", "colour=blue", "limit=0")) {
            HttpResponse<String> response = http.get("/queue?" + query, token);
            assertThat(response.statusCode()).as(query).isEqualTo(400);
            assertThat(AdminHttp.json(response).get("error").asText()).as(query).contains(query.substring(0, query.indexOf('=')));
        }
        assertThat(http.post("/queue/hold?state=bogus", token).statusCode()).isEqualTo(400);
        HttpResponse<String> unknown = http.get("/queue/" + QueueId.generate(), token);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(AdminHttp.json(unknown).get("error").asText()).contains("no message");
    }

    private long deferredCount() {
        try {
            return getJson("/queue?state=deferred").size();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private JsonNode getJson(String pathAndQuery) throws Exception {
        HttpResponse<String> response = http.get(pathAndQuery, token);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return AdminHttp.json(response);
    }

    private JsonNode postJson(String pathAndQuery) throws Exception {
        HttpResponse<String> response = http.post(pathAndQuery, token);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return AdminHttp.json(response);
    }

    private String enqueue(String sender) throws Exception {
        QueueId id = QueueId.generate();
        server.queue().enqueue(id, new Envelope(MaybeSender.getMailSender(sender), List.of(new MailAddress("bob@remote.test"))),
            MessageContent.ofBytes(MESSAGE.getBytes(StandardCharsets.US_ASCII))).get();
        return id.value();
    }

    @Test
    void countersMoveWhenAMessageIsReceivedOverTlsAndDelivered() throws Exception {
        PrometheusText before = scrape();
        assertThat(before.has("jvm_memory_used_bytes")).isTrue();
        assertThat(before.sum("mailserver_queue_messages")).isZero();
        assertThat(before.has("mailserver_queue_wal_dropped_bytes")).isTrue();
        assertThat(before.sum("mailserver_queue_wal_dropped_bytes")).as("the spool log was whole").isZero();

        try (SmtpTestClient client = SmtpTestClient.greeted(server.mtaAddress())) {
            client.startTls();
            client.command("EHLO client.test");
            assertThat(client.sendMessage("bob@remote.test", "postmaster@localhost", "Subject: counted\r\n\r\nhello\r\n"))
                .startsWith("250 2.0.0");
            client.command("QUIT");
        }
        Maildirs.awaitNewMessages(dataDir.resolve("mail/localhost/postmaster"), 1, TIMEOUT);
        PrometheusText after = awaitScrape(metrics -> metrics.sum("mailserver_deliveries_total", "status=\"sent\"") >= 1
            && metrics.sum("mailserver_delivery_delay_seconds_count", "status=\"sent\"") >= 1
            && metrics.sum("mailserver_smtp_sessions_open", "listener=\"mta\"") == 0);

        assertThat(after.sum("mailserver_messages_received_total") - before.sum("mailserver_messages_received_total")).isEqualTo(1);
        assertThat(after.sum("mailserver_deliveries_total", "status=\"sent\"")).isEqualTo(1);
        assertThat(after.sum("mailserver_delivery_delay_seconds_count", "status=\"sent\"")).isEqualTo(1);
        assertThat(after.has("mailserver_delivery_delay_seconds_bucket")).isTrue();
        assertThat(after.sum("mailserver_smtp_connections_total", "listener=\"mta\"", "role=\"mta\"")).isEqualTo(1);
        assertThat(after.sum("mailserver_smtp_tls_handshakes_total", "listener=\"mta\"")).isEqualTo(1);
        assertThat(after.has("mailserver_smtp_sessions_open")).as("the session is counted, and no longer open").isTrue();
        assertThat(after.has("mailserver_queue_oldest_age_seconds")).isTrue();
    }

    @Test
    void everySeriesNamesTheNode() throws Exception {
        try (SmtpTestClient client = SmtpTestClient.greeted(server.mtaAddress())) {
            client.command("QUIT");
        }
        PrometheusText metrics = awaitScrape(scraped -> scraped.sum("mailserver_smtp_connections_total") >= 1);

        assertThat(metrics.sum("mailserver_smtp_connections_total", "node=\"node-a\"", "listener=\"mta\"")).isEqualTo(1);
        assertThat(metrics.count("mailserver_queue_messages", "node=\"node-a\"")).isEqualTo(1);
        assertThat(metrics.count("mailserver_queue_oldest_age_seconds", "node=\"node-a\"")).isEqualTo(1);
        assertThat(metrics.count("jvm_memory_used_bytes", "node=\"node-a\"")).isPositive();
        assertThat(metrics.unlabelled("node=\"node-a\"")).as("series without the node tag").isEmpty();
    }

    @Test
    void failedLoginsAreCounted() throws Exception {
        try (SmtpTestClient client = SmtpTestClient.greeted(server.listenerAddress("submission"))) {
            client.startTls();
            client.command("EHLO client.test");
            String credentials = Base64.getEncoder().encodeToString("\0nobody@example.test\0wrong".getBytes());
            assertThat(client.command("AUTH PLAIN " + credentials)).startsWith("535");
        }

        PrometheusText metrics = scrape();
        assertThat(metrics.sum("mailserver_smtp_auth_failures_total", "listener=\"submission\"", "role=\"submission\"")).isEqualTo(1);
        assertThat(metrics.sum("mailserver_smtp_tls_handshakes_total", "listener=\"submission\"", "protocol=\"TLSv1.3\"")).isEqualTo(1);
    }

    private PrometheusText scrape() throws Exception {
        HttpResponse<String> response = http.get("/metrics", token);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        return new PrometheusText(response.body());
    }

    /** Scrapes until the condition holds: the delivery is recorded, and the connection closed, a little after the mailbox has the message. */
    private PrometheusText awaitScrape(Predicate<PrometheusText> condition) throws Exception {
        PrometheusText metrics = Await.value(this::scrape, condition, TIMEOUT);
        if (!condition.test(metrics)) {
            throw new AssertionError("metrics did not reach the expected state within " + TIMEOUT);
        }
        return metrics;
    }
}
