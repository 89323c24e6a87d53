package dev.mailserver.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import dev.mailserver.smtp.testing.CountingResolverProvider;
import dev.mailserver.smtp.testing.SmtpTestClient;

/** What a client can do to hold up the listener, over real sockets. */
class DenialOfServiceTest extends MtaListenerTest {
    DenialOfServiceTest() {
        super(TlsMode.STARTTLS);
    }

    @Test
    void servingAConnectionLooksUpNoName() throws Exception {
        int before = CountingResolverProvider.reverseLookups();
        try (SmtpTestClient client = SmtpTestClient.greeted(mta)) {
            assertThat(client.sendMessage("bob@remote.test", "alice@example.test", "Subject: no PTR\r\n\r\nbody\r\n")).startsWith("250");
            client.startTls();
            client.command("EHLO client.test");
            assertThat(client.command("QUIT")).startsWith("221");
            assertThat(client.isClosedByServer()).isTrue();
        }
        Thread.sleep(200); // the server's close and its log line come after the client sees the end of the stream
        assertThat(CountingResolverProvider.reverseLookups()).isEqualTo(before);
    }

    @Test
    void anEndlessLineGets500AtOnceAndIsClosedAfterABoundedAmountMore() throws Exception {
        int maxLine = SessionLimits.defaults().maxLineLength();
        byte[] chunk = new byte[8192];
        Arrays.fill(chunk, (byte) 'a');
        try (SmtpTestClient client = SmtpTestClient.greeted(mta)) {
            client.send("MAIL FROM:<");
            for (int sent = 0; sent <= maxLine; sent += chunk.length) {
                client.sendBytes(chunk);
            }
            assertThat(client.reply()).isEqualTo("500 5.5.2 Line too long");

            boolean closed = false;
            try {
                for (int i = 0; i < 10_000 && !closed; i++) {
                    client.sendBytes(chunk);
                }
                assertThat(client.reply()).startsWith("421 4.7.0");
                closed = client.isClosedByServer();
            } catch (IOException e) {
                closed = true; // the server closed while we were still sending
            }
            assertThat(closed).as("closed well before %d MB", 10_000 * chunk.length / 1_000_000).isTrue();
        }
    }

    @Test
    void anOverlongCommandIsRefusedAndTheSessionGoesOn() throws Exception {
        try (SmtpTestClient client = SmtpTestClient.greeted(mta)) {
            client.send("NOOP " + "x".repeat(SessionLimits.defaults().maxLineLength() + 10) + "\r\n");
            assertThat(client.reply()).isEqualTo("500 5.5.2 Line too long");
            assertThat(client.command("NOOP")).startsWith("250");
        }
    }
}
