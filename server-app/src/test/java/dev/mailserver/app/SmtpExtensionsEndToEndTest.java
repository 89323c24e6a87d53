package dev.mailserver.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ESMTP extensions end to end with python's smtplib: SMTP in, spool, local delivery and our own reports. */
class SmtpExtensionsEndToEndTest {
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;
    private MailServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = MailServer.create(TestServers.config(dataDir, 0, ""));
        server.start();
    }

    @AfterEach
    void stopServer() throws Exception {
        server.stop();
    }

    private Path postmasterMaildir() {
        return dataDir.resolve("mail/localhost/postmaster");
    }

    @Nested
    class Dsn {
        @Test
        void notifySuccessOnALocalDeliveryProducesASuccessReport() throws Exception {
            String script = """
                import smtplib, sys
                with smtplib.SMTP('127.0.0.1', int(sys.argv[1]), timeout=15) as s:
                    s.ehlo()
                    assert s.has_extn('dsn'), s.esmtp_features
                    s.sendmail('postmaster@localhost', ['postmaster@localhost'],
                               b'Subject: please confirm\\r\\n\\r\\nhello\\r\\n',
                               mail_options=['RET=HDRS', 'ENVID=e2e+2Bdsn'],
                               rcpt_options=['NOTIFY=SUCCESS', 'ORCPT=rfc822;PostMaster@localhost'])
                """;
            MailserverCommand.Result python = Python.run(script, server.mtaAddress().getPort());
            assertThat(python.exitCode()).as(python.output()).isZero();

            List<Path> delivered = Maildirs.awaitNewMessages(postmasterMaildir(), 2, DELIVERY_TIMEOUT);
            List<String> texts = delivered.stream().map(SmtpExtensionsEndToEndTest::read).toList();
            assertThat(texts).filteredOn(text -> text.contains("Subject: please confirm\r\n\r\nhello")).hasSize(1);
            assertThat(texts).filteredOn(text -> text.contains("Subject: Successful Mail Delivery Report")).singleElement()
                .satisfies(report -> assertThat(report)
                    .contains("report-type=delivery-status", "Original-Envelope-Id: e2e+dsn", "Original-Recipient: rfc822;PostMaster@localhost",
                        "Final-Recipient: rfc822; postmaster@localhost", "Action: delivered", "Status: 2.0.0")
                    .doesNotContain("\r\n\r\nhello"));
        }
    }

    @Nested
    class Chunking {
        @Test
        void aRawSocketClientPipelinesBdatChunksIntoTheMaildir() throws Exception {
            String script = """
                import socket, sys
                s = socket.create_connection(('127.0.0.1', int(sys.argv[1])), timeout=15)
                f = s.makefile('rb')
                def reply():
                    lines = []
                    while True:
                        line = f.readline().decode()
                        lines.append(line.strip())
                        if line[3:4] != '-':
                            return lines
                reply()
                s.sendall(b'EHLO python.test\\r\\n')
                assert 'CHUNKING' in [line[4:] for line in reply()]
                one = b'Subject: chunked\\r\\n\\r\\n.first\\r\\nsec'
                two = b'ond\\r\\n'
                s.sendall(b'MAIL FROM:<sender@remote.test>\\r\\nRCPT TO:<postmaster@localhost>\\r\\n'
                          + b'BDAT %d\\r\\n' % len(one) + one + b'BDAT %d LAST\\r\\n' % len(two) + two + b'QUIT\\r\\n')
                for _ in range(5):
                    print(reply()[-1])
                """;
            MailserverCommand.Result python = Python.run(script, server.mtaAddress().getPort());
            assertThat(python.exitCode()).as(python.output()).isZero();
            assertThat(python.output()).contains("octets received", "queued as", "221");

            List<Path> delivered = Maildirs.awaitNewMessages(postmasterMaildir(), 1, DELIVERY_TIMEOUT);
            assertThat(read(delivered.get(0))).endsWith("Subject: chunked\r\n\r\n.first\r\nsecond\r\n");
        }
    }

    @Nested
    class SmtpUtf8 {
        @Test
        void pythonSmtplibSendsToAUtf8MailboxOfAUtf8Domain() throws Exception {
            server.stop();
            server = MailServer.create(TestServers.config(dataDir, 0, """
                mailserver.domains = ["localhost", "bücher.de"]
                mailserver.mailboxes = ["postmaster@localhost", "jöran@bücher.de"]
                """));
            server.start();
            String script = """
                import smtplib, sys
                with smtplib.SMTP('127.0.0.1', int(sys.argv[1]), timeout=15) as s:
                    s.ehlo()
                    assert s.has_extn('smtputf8'), s.esmtp_features
                    s.sendmail('grüße@remote.test', ['jöran@xn--bcher-kva.de', 'Jöran@Bücher.de'],
                               'Subject: grüße\\r\\nFrom: grüße@remote.test\\r\\n\\r\\nÜber\\r\\n'.encode('utf-8'),
                               mail_options=['SMTPUTF8'])
                """;
            MailserverCommand.Result python = Python.run(script, server.mtaAddress().getPort());
            assertThat(python.exitCode()).as(python.output()).isZero();

            List<Path> delivered = Maildirs.awaitNewMessages(dataDir.resolve("mail/xn--bcher-kva.de/jöran"), 1, DELIVERY_TIMEOUT);
            assertThat(Files.readString(delivered.get(0), StandardCharsets.UTF_8)).contains("Subject: grüße\r\n", "Über");
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
