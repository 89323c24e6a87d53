package dev.mailserver.smtp.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.core.testing.Await;
import dev.mailserver.core.testing.MutableClock;
import dev.mailserver.smtp.testing.TrustingTls;

/** PEM certificates as clients see them over a real TLS handshake, replaced without a restart. */
class ServerCertificateTest {
    @TempDir
    Path dir;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));

    private Path certificateFile() {
        return dir.resolve("cert.pem");
    }

    private Path keyFile() {
        return dir.resolve("key.pem");
    }

    @Test
    void aReplacedCertificateIsPresentedWithoutARestart() throws Exception {
        SelfSignedCertificates.write("first.test", certificateFile(), keyFile());
        ServerCertificate certificate = ServerCertificate.fromPemFiles(certificateFile(), keyFile(), clock);
        assertThat(presentedName(certificate)).isEqualTo("CN=first.test");

        SelfSignedCertificates.write("second.test", certificateFile(), keyFile());
        assertThat(presentedName(certificate)).as("not looked at again within the interval").isEqualTo("CN=first.test");
        clock.advance(Duration.ofSeconds(10));

        // The handshake after the interval has the files looked at in the background; a later one presents the new certificate.
        Await.until(() -> presentedName(certificate).equals("CN=second.test"), TIMEOUT);
    }

    @Test
    void aBrokenReplacementLeavesTheWorkingCertificateInUse() throws Exception {
        SelfSignedCertificates.write("first.test", certificateFile(), keyFile());
        ServerCertificate certificate = ServerCertificate.fromPemFiles(certificateFile(), keyFile(), clock);

        Files.writeString(keyFile(), "-----BEGIN PRIVATE KEY-----\nbroken\n-----END PRIVATE KEY-----\n");
        certificate.reloadIfChanged();

        assertThat(presentedName(certificate)).isEqualTo("CN=first.test");
    }

    @Test
    void aMissingOrWrongFileIsReportedByName() throws Exception {
        assertThatThrownBy(() -> ServerCertificate.fromPemFiles(certificateFile(), keyFile())).isInstanceOf(IOException.class)
            .hasMessageContaining("cert.pem");
        Files.writeString(certificateFile(), "not a certificate");
        Files.writeString(keyFile(), "not a key");
        assertThatThrownBy(() -> ServerCertificate.fromPemFiles(certificateFile(), keyFile())).isInstanceOf(IOException.class)
            .hasMessageContaining("cert.pem");
    }

    @Test
    void aSelfSignedCertificateIsMadeOnceForTheHostname() throws Exception {
        ServerCertificate made = ServerCertificate.selfSigned(dir, "mx.example.test");
        byte[] firstCertificate = Files.readAllBytes(dir.resolve("self-signed-cert.pem"));

        ServerCertificate.selfSigned(dir, "mx.example.test");

        assertThat(presentedName(made)).isEqualTo("CN=mx.example.test");
        assertThat(Files.readAllBytes(dir.resolve("self-signed-cert.pem"))).isEqualTo(firstCertificate);
    }

    @Test
    void aSelfSignedCertificateIsValidForAYearAndMadeAnewAtStartWhenLessThan30DaysAreLeft() throws Exception {
        Path certificate = dir.resolve("self-signed-cert.pem");
        ServerCertificate.selfSigned(dir, "mx.example.test");
        assertThat(notAfter(certificate)).isBetween(Instant.now().plus(Duration.ofDays(364)), Instant.now().plus(Duration.ofDays(366)));

        SelfSignedCertificates.write("mx.example.test", certificate, dir.resolve("self-signed-key.pem"), Duration.ofDays(60));
        ServerCertificate.selfSigned(dir, "mx.example.test");
        assertThat(notAfter(certificate)).as("60 days left: kept").isBefore(Instant.now().plus(Duration.ofDays(61)));

        SelfSignedCertificates.write("mx.example.test", certificate, dir.resolve("self-signed-key.pem"), Duration.ofDays(20));
        ServerCertificate renewed = ServerCertificate.selfSigned(dir, "mx.example.test");
        assertThat(notAfter(certificate)).as("20 days left: renewed").isAfter(Instant.now().plus(Duration.ofDays(364)));
        assertThat(presentedName(renewed)).isEqualTo("CN=mx.example.test");
    }

    private static Instant notAfter(Path pem) throws Exception {
        try (java.io.InputStream in = Files.newInputStream(pem)) {
            return ((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in)).getNotAfter().toInstant();
        }
    }

    /** The subject of the certificate a TLS server with this certificate presents to a client. */
    private static String presentedName(ServerCertificate certificate) throws Exception {
        try (SSLServerSocket server = (SSLServerSocket) certificate.context().getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(10_000);
            CompletableFuture<Void> accepted = CompletableFuture.runAsync(() -> {
                try (SSLSocket connection = (SSLSocket) server.accept()) {
                    connection.startHandshake();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            try (SSLSocket client = (SSLSocket) TrustingTls.socketFactory().createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                client.setSoTimeout(10_000);
                client.startHandshake();
                accepted.get();
                return ((X509Certificate) client.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
            }
        }
    }
}
