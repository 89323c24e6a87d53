package dev.mailserver.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.app.config.ConfigLoader;
import dev.mailserver.storage.users.UserAccounts;

/** Mail in over SMTP, out over the server's POP3 listeners with python's poplib, for a user added as administrators do. */
class Pop3EndToEndTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String READ = """
        import poplib, smtplib, ssl, sys, time
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        smtp = smtplib.SMTP('127.0.0.1', int(sys.argv[1]), timeout=15)
        smtp.sendmail('bob@remote.test', ['alice+pop@example.test'], b'Subject: over pop3\\r\\n\\r\\nhello alice\\r\\n')
        smtp.quit()
        for attempt in range(100):
            client = poplib.POP3('127.0.0.1', int(sys.argv[2]), timeout=15)
            client.stls(context)
            client.user('alice@example.test')
            client.pass_(sys.argv[4])
            if client.stat()[0] > 0:
                break
            client.quit()
            time.sleep(0.2)
        print('stls', b'|'.join(client.retr(1)[1]).decode())
        print('uidl', client.uidl(1).decode())
        client.quit()
        ssl_client = poplib.POP3_SSL('127.0.0.1', int(sys.argv[3]), context=context, timeout=15)
        ssl_client.user('alice@example.test')
        ssl_client.pass_(sys.argv[4])
        print('ssl', ssl_client.uidl(1).decode())
        ssl_client.dele(1)
        ssl_client.quit()
        ssl_client = poplib.POP3_SSL('127.0.0.1', int(sys.argv[3]), context=context, timeout=15)
        ssl_client.user('alice@example.test')
        ssl_client.pass_(sys.argv[4])
        print('after', ssl_client.stat())
        ssl_client.quit()
        """;

    @TempDir
    Path dataDir;
    private MailServer server;

    @BeforeEach
    void startServer() throws Exception {
        UserAccounts.open(dataDir.resolve("data/users")).add(new MailAddress("alice@example.test"), "a long passphrase");
        server = MailServer.create(ConfigLoader.fromFile(TestServers.writeConfigFile(dataDir, """
              hostname = "mx.test"
              domains = ["localhost", "example.test"]
              smtp.listeners.mta.port = 0
              smtp.listeners.submission.enabled = false
              smtp.listeners.submissions.enabled = false
              admin.port = 0
            """)));
        server.start();
    }

    @AfterEach
    void stopServer() throws Exception {
        server.stop();
    }

    @Test
    void aUserReadsAndDeletesMailOverStlsAndImplicitTls() throws Exception {
        List<InetSocketAddress> pop3 = server.pop3Addresses();
        assertThat(pop3).as("pop3 (STLS) and pop3s (implicit TLS), by name").hasSize(2);

        String output = Python.run(READ, server.mtaAddress().getPort(), pop3.get(0).getPort(), pop3.get(1).getPort(), "a long passphrase")
            .output();

        assertThat(output).contains("stls Return-Path: <bob@remote.test>|Delivered-To: alice@example.test|Received: from",
            "|Subject: over pop3||hello alice", "after (0, 0)");
        String uid = output.lines().filter(line -> line.startsWith("uidl ")).findFirst().orElseThrow().split(" ")[3];
        assertThat(output).contains("ssl +OK 1 " + uid);
    }
}
