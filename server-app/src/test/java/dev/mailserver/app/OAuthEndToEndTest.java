package dev.mailserver.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.app.config.ConfigLoader;
import dev.mailserver.smtp.testing.TestTokens;

/** AUTH OAUTHBEARER end to end: the configured JWKS file, a user added with the CLI, python's smtplib. */
class OAuthEndToEndTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String USER = "alice@example.test";
    private static final String SUBMIT = """
        import smtplib, ssl, sys
        port, user, token = int(sys.argv[1]), sys.argv[2], sys.argv[3]
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        client = smtplib.SMTP('127.0.0.1', port, timeout=15)
        client.starttls(context=context)
        client.ehlo()
        def bearer(challenge=None):
            return '\\x01' if challenge else 'n,a=%s,\\x01auth=Bearer %s\\x01\\x01' % (user, token)
        try:
            client.auth('OAUTHBEARER', bearer)
        except smtplib.SMTPAuthenticationError as e:
            print('refused', e.smtp_code)
            sys.exit(0)
        refused = client.sendmail(user, ['postmaster@localhost'], b'Subject: oauth\\r\\n\\r\\nhello\\r\\n')
        client.quit()
        print('sent', refused)
        """;

    @TempDir
    Path dataDir;
    private MailServer server;
    private final TestTokens tokens;

    OAuthEndToEndTest() throws Exception {
        tokens = new TestTokens("https://login.example.test");
    }

    @BeforeEach
    void startServer() throws Exception {
        Path jwks = tokens.writeJwks(dataDir.resolve("jwks.json"));
        Path configFile = TestServers.writeConfigFile(dataDir, """
              hostname = "mx.test"
              domains = ["localhost", "example.test"]
              smtp.listeners.mta.port = 0
              smtp.listeners.submission.port = 0
              smtp.listeners.submissions.port = 0
              admin.port = 0
              smtp.auth.oauth { jwks = "%s", issuer = "https://login.example.test", audience = "smtp" }
            """.formatted(jwks));
        MailserverCommand.Result added = MailserverCommand.run("a long pass phrase\n", TIMEOUT, "user", "add", USER, "--config", configFile.toString());
        assertThat(added.exitCode()).as(added.output()).isZero();
        server = MailServer.create(ConfigLoader.fromFile(configFile));
        server.start();
    }

    @AfterEach
    void stopServer() throws Exception {
        server.stop();
    }

    private String token(String audience, Instant expiry) throws Exception {
        return tokens.token(audience, USER, expiry);
    }

    @Test
    void pythonSmtplibSubmitsWithATokenAndIsRefusedWithAnExpiredOrWrongAudienceOne() throws Exception {
        int port = server.listenerAddress("submission").getPort();

        MailserverCommand.Result sent = Python.run(SUBMIT, port, USER, token("smtp", Instant.now().plusSeconds(600)));
        MailserverCommand.Result expired = Python.run(SUBMIT, port, USER, token("smtp", Instant.now().minusSeconds(600)));
        MailserverCommand.Result wrongAudience = Python.run(SUBMIT, port, USER, token("imap", Instant.now().plusSeconds(600)));

        assertThat(sent.output()).as(sent.output()).contains("sent {}");
        assertThat(expired.output()).contains("refused 535");
        assertThat(wrongAudience.output()).contains("refused 535");
        assertThat(Maildirs.awaitNewMessages(dataDir.resolve("data/mail/localhost/postmaster"), 1, TIMEOUT)).hasSize(1);
    }

    @Test
    void aJwksWithoutIssuerStopsTheStartNamingTheKey() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestServers.config(dataDir, 0, "mailserver.smtp.auth.oauth.jwks = \"/x.json\""))
            .hasMessageContaining("mailserver.smtp.auth.oauth.issuer");
    }
}
