package dev.mailserver.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.smtp.SmtpListener;
import dev.mailserver.smtp.testing.SmtpTestClient;

/** Each embedding example runs as its README section says, over real sockets and a real spool. */
class EmbeddingExamplesTest {
    @TempDir
    Path dir;

    @Test
    void aListenerWithYourOwnHookAndConsumer() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintingConsumer consumer = new PrintingConsumer(new PrintStream(printed, true, StandardCharsets.UTF_8));
        SmtpListener listener = ListenerWithOwnHook.start(new InetSocketAddress("127.0.0.1", 0), dir.resolve("incoming"), consumer);
        try (SmtpTestClient client = SmtpTestClient.greeted(listener.address())) {
            assertThat(client.command("MAIL FROM:<eve@spam.example>")).isEqualTo("550 5.7.1 Not from spam.example");
            assertThat(client.sendMessage("bob@remote.example", "alice@example.org", "Subject: embedded\r\n\r\nhello\r\n")).startsWith("250");
        } finally {
            listener.stop();
        }
        assertThat(consumer.received()).singleElement().satisfies(message -> assertThat(message.content()).endsWith("Subject: embedded\r\n\r\nhello\r\n"));
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("from <bob@remote.example> to [alice@example.org]");
    }

    @Test
    void theListenerProgramStartsAndStops() throws Exception {
        ListenerWithOwnHook.main(new String[] {"0", "1"});
    }

    @Test
    void theSpoolOnItsOwnKeepsWhatIsNotDeliveredAcrossAReopen() throws Exception {
        assertThat(SpoolOnItsOwn.run(dir.resolve("spool"))).singleElement().asString().contains("[bob@example.org]");
    }

    @Test
    void theDeliveryEngineDeliversIntoYourOwnMailboxStore() throws Exception {
        assertThat(DeliveryWithOwnMailboxStore.run(dir.resolve("spool"), Duration.ofSeconds(20)))
            .hasEntrySatisfying("alice@example.org", message -> assertThat(message).contains("Subject: hi\r\n\r\nhello"));
    }
}
