package dev.mailserver.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.core.testing.RequiredTool;

/**
 * Started as the launchers start it, with the C1 compiler only, the server prefers ChaCha20-Poly1305 for
 * TLS 1.3, which the JDK runs in plain Java several times faster than AES-GCM (whose fast code only C2 makes):
 * openssl, asking for AES-GCM first, gets ChaCha20.
 */
class TlsSuiteOrderTest {
    @TempDir
    Path dir;

    @Test
    void withTheC1CompilerOnlyATls13ClientGetsChaCha20() throws Exception {
        Path openssl = RequiredTool.program("openssl");
        int port = ServerProcess.freePort();
        Path config = TestServers.writeMtaConfigFile(dir, port, "");
        Files.createDirectories(dir.resolve("tmp"));
        Process server = ServerProcess.start(MailserverCommand.processBuilder(
            List.of("-XX:TieredStopAtLevel=1", "-Djava.io.tmpdir=" + dir.resolve("tmp")), "run", "--config", config.toString()),
            port, dir.resolve("server.log"));
        try {
            Path output = dir.resolve("openssl.out");
            Process client = new ProcessBuilder(openssl.toString(), "s_client", "-connect", "127.0.0.1:" + port, "-starttls", "smtp",
                "-tls1_3", "-ciphersuites", "TLS_AES_256_GCM_SHA384:TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256")
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            try (OutputStream stdin = client.getOutputStream()) {
                Thread.sleep(2000);
                stdin.write("QUIT\n".getBytes(StandardCharsets.US_ASCII));
            }
            if (!client.waitFor(20, TimeUnit.SECONDS)) {
                client.destroyForcibly();
            }
            assertThat(Files.readString(output, StandardCharsets.ISO_8859_1)).contains("Cipher is TLS_CHACHA20_POLY1305_SHA256");
        } finally {
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
