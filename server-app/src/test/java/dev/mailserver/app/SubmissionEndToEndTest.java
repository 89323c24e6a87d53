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

import dev.mailserver.core.testing.RequiredTool;
import dev.mailserver.app.config.ConfigLoader;

/**
 * The whole server with its three default listeners, as users' own tools see it: a user added with
 * {@code mailserver user add} while the server runs, then python's smtplib (and swaks where it is
 * installed) submitting over STARTTLS on the submission port and implicit TLS on the submissions port.
 */
class SubmissionEndToEndTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String USER = "alice@example.test";
    private static final String PASSWORD = "s3cret pass phrase";
    private static final String SUBMIT = """
        import smtplib, ssl, sys
        port, implicit, user, password, recipient = int(sys.argv[1]), sys.argv[2] == 'implicit', sys.argv[3], sys.argv[4], sys.argv[5]
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        message = ('From: %s\\r\\nTo: %s\\r\\nSubject: submitted\\r\\n\\r\\nhello\\r\\n' % (user, recipient)).encode()
        if implicit:
            client = smtplib.SMTP_SSL('127.0.0.1', port, context=context, timeout=15)
        else:
            client = smtplib.SMTP('127.0.0.1', port, timeout=15)
            client.starttls(context=context)
        client.login(user, password)
        refused = client.sendmail(user, [recipient], message)
        client.quit()
        print('refused', refused)
        """;

    @TempDir
    Path dataDir;
    private Path configFile;
    private MailServer server;

    @BeforeEach
    void startServer() throws Exception {
        configFile = TestServers.writeConfigFile(dataDir, """
              hostname = "mx.test"
              domains = ["localhost", "example.test"]
              smtp.listeners.mta.port = 0
              smtp.listeners.submission.port = 0
              smtp.listeners.submissions.port = 0
              admin.port = 0
            """);
        server = MailServer.create(ConfigLoader.fromFile(configFile));
        server.start();
    }

    @AfterEach
    void stopServer() throws Exception {
        server.stop();
    }

    private void addUser() throws Exception {
        MailserverCommand.Result added = MailserverCommand.run(PASSWORD + "\n", TIMEOUT, "user", "add", USER, "--config", configFile.toString());
        assertThat(added.exitCode()).as(added.output()).isZero();
        assertThat(added.output()).contains("Added user " + USER);
        TestServers.letTheServerSeeDirectoryChanges();
    }

    private MailserverCommand.Result submit(String listener, String password, String recipient) throws Exception {
        String mode = listener.equals("submissions") ? "implicit" : "starttls";
        return Python.run(SUBMIT, server.listenerAddress(listener).getPort(), mode, USER, password, recipient);
    }

    @Test
    void aUserAddedWhileTheServerRunsSubmitsOverStartTlsAndImplicitTls() throws Exception {
        assertThat(submit("submission", PASSWORD, "postmaster@localhost").output()).contains("SMTPAuthenticationError", "535");

        addUser();

        MailserverCommand.Result overStartTls = submit("submission", PASSWORD, "postmaster@localhost");
        assertThat(overStartTls.exitCode()).as(overStartTls.output()).isZero();
        MailserverCommand.Result overImplicitTls = submit("submissions", PASSWORD, USER);
        assertThat(overImplicitTls.exitCode()).as(overImplicitTls.output()).isZero();

        List<Path> toPostmaster = Maildirs.awaitNewMessages(dataDir.resolve("data/mail/localhost/postmaster"), 1, TIMEOUT);
        String stored = Files.readString(toPostmaster.get(0), StandardCharsets.ISO_8859_1);
        assertThat(stored).contains("with ESMTPSA (TLSv1.3", "Message-ID: <", "Date: ", "Subject: submitted");
        assertThat(Maildirs.awaitNewMessages(dataDir.resolve("data/mail/example.test/alice"), 1, TIMEOUT)).hasSize(1);
    }

    @Test
    void anAuthenticatedUserMayRelayToOtherDomains() throws Exception {
        addUser();

        MailserverCommand.Result relayed = submit("submission", PASSWORD, "bob@remote.test");

        assertThat(relayed.exitCode()).as(relayed.output()).isZero();
        assertThat(relayed.output()).contains("refused {}");
    }

    @Test
    void theSelfSignedCertificateIsMadeOnceInTheDataDirectory() throws Exception {
        Path certificate = dataDir.resolve("data/tls/self-signed-cert.pem");
        assertThat(certificate).exists();
        assertThat(dataDir.resolve("data/tls/self-signed-key.pem")).exists();
        byte[] first = Files.readAllBytes(certificate);

        server.stop();
        server = MailServer.create(ConfigLoader.fromFile(configFile));
        server.start();

        assertThat(Files.readAllBytes(certificate)).isEqualTo(first);
    }

    @Test
    void tls10And11AreRefusedAndTls12IsAccepted() throws Exception {
        String handshake = """
            import socket, ssl, sys, warnings
            warnings.simplefilter('ignore')
            port, version = int(sys.argv[1]), getattr(ssl.TLSVersion, sys.argv[2])
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            context.set_ciphers('ALL:@SECLEVEL=0')
            context.minimum_version = version
            context.maximum_version = version
            try:
                with socket.create_connection(('127.0.0.1', port), timeout=15) as raw:
                    with context.wrap_socket(raw) as tls:
                        print('negotiated', tls.version())
            except (ssl.SSLError, ConnectionResetError) as e:
                print('refused', e)
            """;
        int port = server.listenerAddress("submissions").getPort();

        // The alert comes from the server: the client did offer the old version.
        assertThat(Python.run(handshake, port, "TLSv1").output()).startsWith("refused").contains("ALERT_PROTOCOL_VERSION");
        assertThat(Python.run(handshake, port, "TLSv1_1").output()).startsWith("refused").contains("ALERT_PROTOCOL_VERSION");
        assertThat(Python.run(handshake, port, "TLSv1_2").output()).startsWith("negotiated TLSv1.2");
        assertThat(Python.run(handshake, port, "TLSv1_3").output()).startsWith("negotiated TLSv1.3");
    }

    @Test
    void swaksSubmitsWithStartTlsAndWithImplicitTls() throws Exception {
        RequiredTool.program("swaks");
        addUser();

        for (List<String> tls : List.of(List.of("--tls", "--port", String.valueOf(server.listenerAddress("submission").getPort())),
                List.of("--tlsc", "--port", String.valueOf(server.listenerAddress("submissions").getPort())))) {
            List<String> command = new java.util.ArrayList<>(List.of("swaks", "--server", "127.0.0.1", "--from", USER, "--to", "postmaster@localhost",
                "--auth", "PLAIN", "--auth-user", USER, "--auth-password", PASSWORD, "--timeout", "15"));
            command.addAll(tls);
            Process swaks = new ProcessBuilder(command).redirectErrorStream(true).start();
            assertThat(swaks.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(swaks.exitValue()).as(new String(swaks.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
        }
        assertThat(Maildirs.awaitNewMessages(dataDir.resolve("data/mail/localhost/postmaster"), 2, TIMEOUT)).hasSize(2);
    }
}
