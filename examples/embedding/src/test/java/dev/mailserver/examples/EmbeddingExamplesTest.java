package dev.mailserver.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.smtp.SmtpListener;
import dev.mailserver.smtp.testing.SmtpTestClient;

/** Each embedding example runs as its README section says, over real sockets and a real spool. */
class EmbeddingExamplesTest {
    private static final Pattern LISTENING = Pattern.compile("Listening on [^/]*/([0-9.]+):([0-9]+)");

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
    void theListenerProgramTakesMailUntilItsTimeIsUp() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process program = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), ListenerWithOwnHook.class.getName(), "0", "3")
            .redirectErrorStream(true).start();
        try (BufferedReader output = new BufferedReader(new InputStreamReader(program.getInputStream(), StandardCharsets.UTF_8))) {
            InetSocketAddress address = listeningAddress(output);
            try (SmtpTestClient client = SmtpTestClient.greeted(address)) {
                assertThat(client.sendMessage("bob@remote.example", "alice@example.org", "Subject: program\r\n\r\nhello\r\n")).startsWith("250");
            }
            assertThat(program.waitFor(30, TimeUnit.SECONDS)).as("the program stops by itself").isTrue();
            assertThat(program.exitValue()).isZero();
            assertThat(output.lines()).anySatisfy(line -> assertThat(line).contains("from <bob@remote.example> to [alice@example.org]"));
        } finally {
            program.destroyForcibly();
        }
    }

    /** The address in the program's {@code Listening on /127.0.0.1:PORT} line. */
    private static InetSocketAddress listeningAddress(BufferedReader output) throws IOException {
        for (int lines = 0; lines < 200; lines++) {
            String line = output.readLine();
            assertThat(line).as("the program's output before it said where it listens").isNotNull();
            Matcher listening = LISTENING.matcher(line);
            if (listening.find()) {
                return new InetSocketAddress(listening.group(1), Integer.parseInt(listening.group(2)));
            }
        }
        throw new AssertionError("the program never said where it listens");
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
