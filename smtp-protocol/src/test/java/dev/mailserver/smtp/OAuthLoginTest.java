package dev.mailserver.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.smtp.auth.BearerTokens;
import dev.mailserver.smtp.testing.SmtpTestClient;
import dev.mailserver.smtp.testing.TestTokens;

/** AUTH OAUTHBEARER (RFC 7628) and XOAUTH2 on the submission port, with JWTs signed by a test JWKS key. */
class OAuthLoginTest {
    private static final String ISSUER = "https://login.example.test";
    private static final String AUDIENCE = "smtp.example.test";

    @TempDir
    Path root;
    private ListenerFixture fixture;
    private InetSocketAddress submission;
    private final TestTokens tokens;

    OAuthLoginTest() throws Exception {
        tokens = new TestTokens(ISSUER);
    }

    @BeforeEach
    void start() throws Exception {
        Path jwks = tokens.writeJwks(root.resolve("jwks.json"));
        fixture = new ListenerFixture(root);
        fixture.bearerTokens(BearerTokens.of(jwks.toString(), ISSUER, AUDIENCE, "email"));
        submission = fixture.start(ListenerRole.SUBMISSION, TlsMode.STARTTLS);
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    private String token(String audience, Instant expiry) throws Exception {
        return tokens.token(audience, ListenerFixture.USER, expiry);
    }

    private static String oauthBearer(String user, String token) {
        return base64("n,a=" + user + ",\u0001auth=Bearer " + token + "\u0001\u0001");
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private SmtpTestClient overTls() throws Exception {
        SmtpTestClient client = SmtpTestClient.greeted(submission);
        client.startTls();
        client.command("EHLO client.test");
        return client;
    }

    @Test
    void aTokenSignedByTheJwksKeyLogsInAsTheUserItNames() throws Exception {
        try (SmtpTestClient client = overTls()) {
            assertThat(client.lastReplyLines()).anyMatch(line -> line.substring(4).equals("AUTH PLAIN LOGIN OAUTHBEARER XOAUTH2"));

            assertThat(client.command("AUTH OAUTHBEARER " + oauthBearer(ListenerFixture.USER, token(AUDIENCE, Instant.now().plusSeconds(600)))))
                .startsWith("235 2.7.0");
            assertThat(client.command("MAIL FROM:<" + ListenerFixture.USER + ">")).startsWith("250");
        }
    }

    @Test
    void xoauth2WorksToo() throws Exception {
        try (SmtpTestClient client = overTls()) {
            String response = base64("user=" + ListenerFixture.USER + "\u0001auth=Bearer " + token(AUDIENCE, Instant.now().plusSeconds(600)) + "\u0001\u0001");

            assertThat(client.command("AUTH XOAUTH2 " + response)).startsWith("235 2.7.0");
        }
    }

    @Test
    void anExpiredTokenAWrongAudienceAnotherUserOrAForgedSignatureFail() throws Exception {
        for (String response : new String[] {
                oauthBearer(ListenerFixture.USER, token(AUDIENCE, Instant.now().minusSeconds(3600))),
                oauthBearer(ListenerFixture.USER, token("other.example.test", Instant.now().plusSeconds(600))),
                oauthBearer("bob@example.test", token(AUDIENCE, Instant.now().plusSeconds(600))),
                oauthBearer(ListenerFixture.USER, tokens.forged(AUDIENCE, ListenerFixture.USER, Instant.now().plusSeconds(600)))}) {
            try (SmtpTestClient client = overTls()) {
                String challenge = client.command("AUTH OAUTHBEARER " + response);
                assertThat(challenge).startsWith("334 ");
                assertThat(new String(Base64.getDecoder().decode(challenge.substring(4)), StandardCharsets.US_ASCII)).contains("invalid_token");

                assertThat(client.command(base64("\u0001"))).startsWith("535 5.7.8");
                assertThat(client.command("MAIL FROM:<" + ListenerFixture.USER + ">")).startsWith("5");
            }
        }
    }
}
