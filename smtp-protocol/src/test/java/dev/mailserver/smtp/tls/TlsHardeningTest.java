package dev.mailserver.smtp.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.james.core.Domain;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.core.queue.BounceComposer;
import dev.mailserver.queue.QueueSettings;
import dev.mailserver.queue.RocksDbMailQueue;
import dev.mailserver.smtp.ListenerRole;
import dev.mailserver.smtp.ListenerSettings;
import dev.mailserver.smtp.SmtpListener;
import dev.mailserver.smtp.TlsMode;
import dev.mailserver.smtp.data.IncomingSpool;
import dev.mailserver.storage.directory.ConfiguredDirectory;

/**
 * The listener's TLS as a scanner sees it, with the openssl command-line client: no TLS 1.2 CBC suites,
 * no client-initiated renegotiation. Needs {@code openssl} (fails instead of skipping when
 * {@code TEST_REQUIRE_TOOLS=1}).
 */
class TlsHardeningTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path root;
    private RocksDbMailQueue queue;
    private SmtpListener listener;
    private InetSocketAddress address;

    @BeforeEach
    void start() throws Exception {
        if (!"1".equals(System.getenv("TEST_REQUIRE_TOOLS"))) {
            assumeThat(Path.of("/usr/bin/openssl")).as("openssl is installed").exists();
        }
        queue = RocksDbMailQueue.open(root.resolve("spool"), Clock.systemUTC(), QueueSettings.defaults(), BounceComposer.NONE);
        listener = SmtpListener.builder(ListenerSettings.withDefaults("mta", ListenerRole.MTA, new InetSocketAddress("127.0.0.1", 0),
                TlsMode.STARTTLS, "mx.example.test"))
            .directory(new ConfiguredDirectory(Set.of(Domain.of("example.test")), Set.of())).queue(queue)
            .spool(IncomingSpool.open(root.resolve("incoming"))).certificate(ServerCertificate.selfSigned(root.resolve("tls"), "mx.example.test"))
            .build();
        listener.start();
        address = listener.address();
    }

    @AfterEach
    void stop() throws Exception {
        if (listener != null) {
            listener.stop();
            queue.close();
        }
    }

    @Test
    void aTls12ClientOfferingOnlyCbcSuitesFailsTheHandshake() throws Exception {
        Result cbc = openssl(List.of("-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA384:ECDHE-RSA-AES128-SHA"), "NOOP\n", 0);

        assertThat(cbc.exitCode()).as(cbc.output()).isNotZero();
        assertThat(cbc.output()).containsIgnoringCase("handshake failure");
    }

    @Test
    void aTls12ClientWithAnAeadSuiteIsServed() throws Exception {
        Result aead = openssl(List.of("-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256"), "NOOP\n", 0);

        assertThat(aead.output()).contains("ECDHE-ECDSA-AES128-GCM-SHA256").contains("250 2.0.0");
    }

    /** The tests' JVM compiles with C2, which makes AES-GCM fast: the server's order puts it first (see Tls13Suites). */
    @Test
    void aTls13ClientGetsTheServersFirstSuiteWhateverItsOwnOrder() throws Exception {
        Result tls13 = openssl(List.of("-tls1_3", "-ciphersuites", "TLS_CHACHA20_POLY1305_SHA256:TLS_AES_256_GCM_SHA384"), "NOOP\n", 0);

        assertThat(tls13.output()).contains("Cipher is TLS_AES_256_GCM_SHA384").contains("250 2.0.0");
    }

    @Test
    void aClientCannotRenegotiate() throws Exception {
        Result renegotiation = openssl(List.of("-tls1_2"), "R\n", 1500);

        assertThat(renegotiation.output()).contains("RENEGOTIATING");
        assertThat(renegotiation.output()).as("the server answers no command after the renegotiation attempt").doesNotContain("250 2.0.0");
        assertThat(renegotiation.output()).containsIgnoringCase("alert");
    }

    private record Result(int exitCode, String output) {
    }

    /**
     * Runs {@code openssl s_client} with STARTTLS, sends {@code input} after the handshake (a line "R" asks
     * for a renegotiation, one starting with "Q" quits), then NOOP after {@code pauseMillis}.
     */
    private Result openssl(List<String> options, String input, long pauseMillis) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + address.getPort(),
            "-starttls", "smtp"));
        command.addAll(options);
        Path output = root.resolve("openssl.out");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try (OutputStream stdin = process.getOutputStream()) {
            Thread.sleep(1000);
            stdin.write(input.getBytes(StandardCharsets.US_ASCII));
            stdin.flush();
            if (pauseMillis > 0) {
                Thread.sleep(pauseMillis);
                stdin.write("NOOP\nQUIT\n".getBytes(StandardCharsets.US_ASCII));
                stdin.flush();
            }
            Thread.sleep(1000);
        } catch (IOException e) {
            // openssl has exited already (a failed handshake)
        }
        if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        return new Result(process.exitValue(), Files.readString(output, StandardCharsets.ISO_8859_1));
    }
}
