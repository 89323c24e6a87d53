package dev.mailserver.storage.srs;

import static dev.mailserver.storage.Addresses.address;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.core.testing.RequiredTool;

/** SRS0 and SRS1 addresses, ours against Debian's postsrsd (an independent implementation of the same scheme), and their checks. */
class SenderRewritingTest {
    private static final Domain DOMAIN = Domain.of("fwd.example.com");
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final List<String> SENDERS = List.of("Alice@Example.org", "bob.smith+tag@mail.example.net",
        "SRS0=abcd=XY=orig.test=bob@hop.test", "SRS1=abcd=first.test==xyz=AB=orig.test=bob@hop.test");

    @TempDir
    Path dir;

    private SenderRewriting at(Instant instant, String... secrets) {
        return new SenderRewriting(DOMAIN, List.of(secrets).stream().map(secret -> secret.getBytes(StandardCharsets.UTF_8)).toList(),
            Duration.ofDays(21), Clock.fixed(instant, ZoneOffset.UTC));
    }

    @Test
    void addressesAreThoseOfPostsrsdAndEachReversesTheOthers() throws Exception {
        // Debian puts it in /usr/sbin, which a user's PATH may lack.
        Path installed = Path.of("/usr/sbin/postsrsd");
        Path postsrsd = Files.isExecutable(installed) ? installed : RequiredTool.program("postsrsd");
        Path secret = Files.writeString(dir.resolve("secret"), "s3cr3t for the tests\n");
        SenderRewriting ours = new SenderRewriting(DOMAIN, SrsSecrets.load(secret), Duration.ofDays(21), Clock.systemUTC());
        int forwardPort = freePort();
        int reversePort = freePort();
        Process daemon = new ProcessBuilder(postsrsd.toString(), "-s" + secret, "-d" + DOMAIN.asString(), "-l127.0.0.1",
            "-f" + forwardPort, "-r" + reversePort, "-4").redirectErrorStream(true).redirectOutput(dir.resolve("postsrsd.log").toFile()).start();
        try {
            for (String sender : SENDERS) {
                String theirs = ask(forwardPort, sender);
                MailAddress mine = ours.forward(address(sender));

                assertThat(mine.asString()).as(sender).isEqualToIgnoringCase(theirs);
                assertThat(ask(reversePort, mine.asString().toLowerCase())).as(sender)
                    .isEqualToIgnoringCase(ours.reverse(mine).orElseThrow().original().orElseThrow().asString());
            }
            assertThat(ours.reverse(address(ask(forwardPort, "Alice@Example.org").toUpperCase())).orElseThrow().original())
                .contains(address("alice@example.org"));
        } finally {
            daemon.destroy();
        }
    }

    @Test
    void anSrs0AddressReversesUntilItIsOlderThanTheMaximumAge() {
        MailAddress srs = at(NOW, "secret").forward(address("alice@example.org"));

        assertThat(srs.asString()).matches("SRS0=[A-Za-z0-9+/]{4}=[A-Z2-7]{2}=example\\.org=alice@fwd\\.example\\.com");
        assertThat(at(NOW.plus(Duration.ofDays(21)), "secret").reverse(srs).orElseThrow().original()).contains(address("alice@example.org"));
        SenderRewriting.Reversal expired = at(NOW.plus(Duration.ofDays(22)), "secret").reverse(srs).orElseThrow();
        assertThat(expired.original()).isEmpty();
        assertThat(expired.problem()).contains("expired");
    }

    @Test
    void aWrongHashOrSecretIsRefusedAndAnOldSecretStillReverses() {
        MailAddress srs = at(NOW, "old secret").forward(address("alice@example.org"));
        MailAddress forged = address(srs.asString().replaceFirst("=alice@", "=mallory@"));

        assertThat(at(NOW, "new secret").reverse(srs).orElseThrow().problem()).isEqualTo("the SRS hash is wrong");
        assertThat(at(NOW, "new secret", "old secret").reverse(srs).orElseThrow().original()).contains(address("alice@example.org"));
        assertThat(at(NOW, "old secret").reverse(forged).orElseThrow().original()).isEmpty();
        assertThat(at(NOW, "old secret").reverse(address("SRS0=broken@fwd.example.com")).orElseThrow().problem())
            .isEqualTo("not a well-formed SRS address");
    }

    @Test
    void onlySrsAddressesOfOurDomainAreReversedAndOurOwnSendersAreKept() {
        SenderRewriting srs = at(NOW, "secret");

        assertThat(srs.reverse(address("alice@fwd.example.com"))).isEmpty();
        assertThat(srs.reverse(address(srs.forward(address("alice@example.org")).asString().replace("fwd.example.com", "other.test")))).isEmpty();
        assertThat(srs.forward(address("bob@FWD.example.com"))).isEqualTo(address("bob@FWD.example.com"));
    }

    @Test
    void aMissingSecretsFileIsMadeOnceWithMode600() throws IOException {
        Path file = dir.resolve("data/srs-secrets");

        List<byte[]> first = SrsSecrets.load(file);
        List<byte[]> second = SrsSecrets.load(file);

        assertThat(first).singleElement().satisfies(secret -> assertThat(secret.length).isGreaterThanOrEqualTo(32));
        assertThat(second.get(0)).isEqualTo(first.get(0));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    private static String ask(int port, String address) throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < 50; attempt++) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
                socket.setSoTimeout(5000);
                OutputStream out = socket.getOutputStream();
                out.write(("get " + address + "\n").getBytes(StandardCharsets.US_ASCII));
                String reply = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
                assertThat(reply).as("postsrsd's reply for " + address).startsWith("200 ");
                return reply.substring(4).strip();
            } catch (IOException e) {
                last = e;
                sleep();
            }
        }
        throw last;
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

}
