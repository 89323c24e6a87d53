package dev.mailserver.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.smtp.testing.SmtpTestClient;

/**
 * The executable jar that {@code mvn package} makes ({@code target/mailserver.jar}; run by failsafe after the
 * package phase): what it holds, its size, and that it runs a server that takes mail over STARTTLS (the
 * self-signed certificate made with BouncyCastle), keeps it in the RocksDB spool (the native library), delivers
 * it to a Maildir, logs a user in (the Argon2 hash that {@code user add} made), picks up what {@code sendmail -t}
 * left (James' javax.mail address parsing), takes SMTPUTF8 mail for a Unicode domain (ICU's IDNA) and answers the
 * admin API.
 */
class ExecutableJarIT {
    private static final Path JAR = Path.of("target", "mailserver.jar");
    /** The size the project keeps the jar under (issue 16); see docs/install.md. */
    private static final long MAX_BYTES = 40L * 1024 * 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void holdsTheRocksDbNativesForLinuxAndAppleSiliconOnly() throws IOException {
        List<String> natives = entries().stream().filter(name -> name.startsWith("librocksdbjni")).sorted().toList();

        assertThat(natives).containsExactly("librocksdbjni-linux-aarch64.so", "librocksdbjni-linux64.so",
            "librocksdbjni-osx-arm64.jnilib");
    }

    @Test
    void holdsOneSmtpClientNoImapOrPop3OneCommonsLoggingAndNoKotlinOrJetty() throws IOException {
        List<String> entries = entries();

        assertThat(entries).contains("org/eclipse/angus/mail/smtp/SMTPTransport.class", "javax/mail/internet/InternetAddress.class",
            "com/sun/mail/util/PropUtil.class", "org/apache/commons/logging/impl/SLF4JLogFactory.class");
        assertThat(entries).noneMatch(name -> name.matches("(com/sun|org/eclipse/angus)/mail/(imap|iap|pop3)/.*") || name.startsWith("com/sun/mail/smtp/")
            || name.equals("META-INF/services/javax.mail.Provider") || name.startsWith("kotlin/") || name.startsWith("org/eclipse/jetty/")
            || name.startsWith("io/javalin/") || name.startsWith("reactor/") || name.equals("org/apache/commons/logging/impl/LogFactoryImpl.class"));
    }

    @Test
    void everyServiceItListsIsInIt() throws IOException {
        try (ZipFile jar = new ZipFile(JAR.toFile())) {
            List<String> missing = Collections.list(jar.entries()).stream()
                .filter(entry -> entry.getName().startsWith("META-INF/services/") && !entry.isDirectory())
                .flatMap(entry -> lines(jar, entry).stream().map(line -> entry.getName() + ": " + line))
                .filter(service -> !hasClass(jar, service.substring(service.indexOf(": ") + 2)))
                .toList();

            assertThat(missing).isEmpty();
        }
    }

    private static List<String> lines(ZipFile jar, ZipEntry entry) {
        try (var in = jar.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(line -> line.replaceAll("#.*", "").strip())
                .filter(line -> !line.isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** In the jar, at its root or for a later Java release (a multi-release jar). */
    private static boolean hasClass(ZipFile jar, String className) {
        String path = className.replace('.', '/') + ".class";
        return jar.getEntry(path) != null || Collections.list(jar.entries()).stream().anyMatch(entry -> entry.getName().endsWith("/" + path)
            && entry.getName().startsWith("META-INF/versions/"));
    }

    @Test
    void isSmallerThan40MiB() throws IOException {
        assertThat(Files.size(JAR)).isLessThan(MAX_BYTES);
    }

    @Test
    void runsAServerThatTakesAndDeliversMail() throws Exception {
        int mta = ServerProcess.freePort();
        int submission = ServerProcess.freePort();
        int admin = ServerProcess.freePort();
        Path config = TestServers.writeConfigFile(dir, """
              domains = ["localhost", "bücher.example"]
              mailboxes = ["postmaster@localhost", "jöran@bücher.example"]
              smtp.listeners.mta.port = %d
              smtp.listeners.submission.port = %d
              smtp.listeners.submissions.port = %d
              admin.port = %d
            """.formatted(mta, submission, ServerProcess.freePort(), admin));
        runJar("", "user", "add", "me@localhost", "--password", "a long passphrase", "--config", config.toString());

        Process server = ServerProcess.start(MailserverCommand.jarProcessBuilder(JAR.toAbsolutePath(), List.of("-Djava.io.tmpdir=" + tmp()),
            "run", "--config", config.toString()), mta, dir.resolve("server.log"));
        try {
            try (SmtpTestClient client = SmtpTestClient.greeted(new InetSocketAddress("127.0.0.1", mta))) {
                client.startTls();
                client.command("EHLO client.test");
                assertThat(client.sendMessage("someone@example.org", "postmaster@localhost", "Subject: from the jar\r\n\r\nhello\r\n"))
                    .startsWith("250");
            }
            try (SmtpTestClient client = SmtpTestClient.greeted(new InetSocketAddress("127.0.0.1", mta))) {
                assertThat(client.commandUtf8("MAIL FROM:<grüße@remote.test> SMTPUTF8")).startsWith("250");
                assertThat(client.commandUtf8("RCPT TO:<Jöran@Bücher.example>")).startsWith("250");
                assertThat(client.command("DATA")).startsWith("354");
                assertThat(client.commandUtf8("Subject: grüße\r\n\r\nÜber\r\n.")).startsWith("250");
            }
            assertThat(Maildirs.awaitNewMessages(dir.resolve("data/mail/xn--bcher-kva.example/jöran"), 1, TIMEOUT)).hasSize(1);
            try (SmtpTestClient client = SmtpTestClient.greeted(new InetSocketAddress("127.0.0.1", submission))) {
                client.startTls();
                client.command("EHLO client.test");
                String credentials = Base64.getEncoder().encodeToString("\0me@localhost\0a long passphrase".getBytes(StandardCharsets.UTF_8));
                assertThat(client.command("AUTH PLAIN " + credentials)).startsWith("235");
                assertThat(client.sendMessage("me@localhost", "postmaster@localhost", "Subject: submitted\r\n\r\nhello\r\n"))
                    .startsWith("250");
            }
            runJar("To: Postmaster <postmaster@localhost>\nSubject: from cron\n\nhello\n", "sendmail", "-t", "--config", config.toString());
            assertThat(Maildirs.awaitNewMessages(dir.resolve("data/mail/localhost/postmaster"), 3, TIMEOUT)).hasSize(3);

            AdminHttp http = new AdminHttp(new InetSocketAddress("127.0.0.1", admin));
            assertThat(AdminHttp.json(http.get("/health", null)).get("status").asText()).isEqualTo("UP");
            String token = Files.readString(dir.resolve("data/admin-token")).trim();
            HttpResponse<String> metrics = http.get("/metrics", token);
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("mailserver_");
            assertThat(AdminHttp.json(http.get("/users", token))).extracting(node -> node.asText()).containsExactly("me@localhost");
        } finally {
            server.destroy();
            assertThat(server.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as(Files.readString(dir.resolve("server.log"))).isTrue();
        }
        assertThat(Files.readString(dir.resolve("server.log"))).doesNotContain("Exception");
    }

    private Path tmp() throws IOException {
        return Files.createDirectories(dir.resolve("tmp"));
    }

    /** Runs {@code java -jar mailserver.jar ARGUMENTS} with {@code stdin} to a successful end. */
    private void runJar(String stdin, String... arguments) throws Exception {
        Process process = MailserverCommand.jarProcessBuilder(JAR.toAbsolutePath(), List.of("-Djava.io.tmpdir=" + tmp()), arguments)
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("command.log").toFile())).start();
        try (var in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("mailserver " + String.join(" ", arguments) + " did not finish within " + TIMEOUT);
        }
        if (process.exitValue() != 0) {
            throw new AssertionError("mailserver " + String.join(" ", arguments) + " exited with " + process.exitValue() + ":\n"
                + Files.readString(dir.resolve("command.log")));
        }
    }

    private static List<String> entries() throws IOException {
        try (ZipFile jar = new ZipFile(JAR.toFile())) {
            return Collections.list(jar.entries()).stream().map(ZipEntry::getName).toList();
        }
    }
}
