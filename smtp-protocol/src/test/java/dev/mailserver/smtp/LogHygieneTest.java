package dev.mailserver.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.mailserver.smtp.testing.CapturedLogs;
import dev.mailserver.smtp.testing.SmtpTestClient;
import dev.mailserver.smtp.testing.TrustingTls;

/** What a client can make the server log: one line with the client's address and the reason, never a trace or an ERROR. */
class LogHygieneTest {
    @TempDir
    Path root;
    private ListenerFixture fixture;
    private CapturedLogs logs;

    @BeforeEach
    void start() throws Exception {
        fixture = new ListenerFixture(root);
        logs = new CapturedLogs();
    }

    @AfterEach
    void stop() throws Exception {
        logs.close();
        fixture.close();
    }

    private void assertNoErrorNorTrace() {
        assertThat(logs.events()).noneMatch(event -> event.getLevel().isGreaterOrEqual(Level.ERROR))
            .allMatch(event -> event.getThrowableProxy() == null);
    }

    private void awaitLine(Predicate<String> line) throws InterruptedException {
        for (int i = 0; i < 100 && logs.lines().stream().noneMatch(line); i++) {
            Thread.sleep(50);
        }
        assertThat(logs.lines()).anyMatch(line);
    }

    @Test
    void aUtf8SenderIsLoggedUnmangledAndOneWithoutSmtputf8GetsAClear553() throws Exception {
        InetSocketAddress mta = fixture.start(ListenerRole.MTA, TlsMode.NONE);
        try (SmtpTestClient client = SmtpTestClient.greeted(mta)) {
            assertThat(client.commandUtf8("MAIL FROM:<jöran@bücher.test>")).startsWith("553 5.6.7 ");
            assertThat(client.commandUtf8("MAIL FROM:<jöran@bücher.test> SMTPUTF8")).startsWith("250");
            assertThat(client.commandUtf8("RCPT TO:<alice@example.test>")).startsWith("250");
            assertThat(client.command("DATA")).startsWith("354");
            client.sendBytes("Subject: grüße\r\n\r\nhej\r\n.\r\n".getBytes(StandardCharsets.UTF_8));
            assertThat(client.reply()).startsWith("250");
        }
        // The local part as the client sent it, the domain as its A-label (InternationalAddresses.toExternal).
        awaitLine(line -> line.contains(": from=<jöran@xn--bcher-kva.test>, size="));
        assertThat(logs.lines()).noneMatch(line -> line.contains("Ã"));
        assertNoErrorNorTrace();
    }

    @Test
    void plaintextOnTheImplicitTlsPortIsOneInfoLine() throws Exception {
        InetSocketAddress smtps = fixture.start(ListenerRole.SUBMISSION, TlsMode.IMPLICIT);
        try (Socket socket = new Socket(smtps.getAddress(), smtps.getPort())) {
            socket.getOutputStream().write("EHLO scanner.test\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.setSoTimeout(10_000);
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
        awaitLine(line -> line.startsWith("INFO Connection from [127.0.0.1]: TLS handshake failed"));
        assertNoErrorNorTrace();
    }

    @Test
    void aClientWithoutACommonCipherSuiteIsOneInfoLineWithTheReason() throws Exception {
        InetSocketAddress smtps = fixture.start(ListenerRole.SUBMISSION, TlsMode.IMPLICIT);
        try (SSLSocket socket = (SSLSocket) TrustingTls.socketFactory().createSocket(smtps.getAddress(), smtps.getPort())) {
            socket.setEnabledProtocols(new String[] {"TLSv1.2"});
            socket.setEnabledCipherSuites(new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"});
            socket.setSoTimeout(10_000);
            socket.startHandshake();
        } catch (IOException expected) {
            // the server refuses the handshake
        }
        awaitLine(line -> line.startsWith("INFO Connection from [127.0.0.1]: TLS handshake failed: "));
        assertNoErrorNorTrace();
    }

    @Test
    void aResetConnectionIsNoError() throws Exception {
        InetSocketAddress mta = fixture.start(ListenerRole.MTA, TlsMode.NONE);
        try (Socket socket = new Socket(mta.getAddress(), mta.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getInputStream().read();
            socket.getOutputStream().write("EHLO client.test\r\nMAIL FROM:<bob@remote.test>\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.setSoLinger(true, 0);
        }
        Thread.sleep(Duration.ofMillis(500));
        assertNoErrorNorTrace();
    }

    @Test
    void sizeRefusalsAndBadSizesNameTheClientAndNoLibraryObjects() throws Exception {
        InetSocketAddress mta = fixture.start(ListenerRole.MTA, TlsMode.NONE);
        try (SmtpTestClient client = SmtpTestClient.greeted(mta)) {
            assertThat(client.command("MAIL FROM:<bob@remote.test> SIZE=3000000000")).startsWith("552");
            assertThat(client.command("MAIL FROM:<bob@remote.test> SIZE=big")).startsWith("501");
        }
        awaitLine(line -> line.equals("INFO Refused MAIL from [127.0.0.1]: SIZE=3000000000 is more than the limit of "
            + SessionLimits.defaults().maxMessageSize() + " bytes"));
        assertThat(logs.events()).extracting(ILoggingEvent::getFormattedMessage).noneMatch(line -> line.contains("MaybeSender{"));
        assertNoErrorNorTrace();
    }
}
