package dev.mailserver.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.app.config.ConfigLoader;
import dev.mailserver.core.testing.RequiredTool;
import dev.mailserver.storage.users.UserAccounts;

/** A user manages their Sieve scripts over ManageSieve (RFC 5804) from python, with STARTTLS; the server then filters with them. */
class ManageSieveEndToEndTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** A small ManageSieve client: each command's response up to its OK, NO or BYE line, literals read whole. */
    private static final String CLIENT = """
        import socket, ssl, sys, base64
        sock = socket.create_connection(('127.0.0.1', int(sys.argv[1])), timeout=15)
        reader = sock.makefile('rb')
        def response():
            lines = []
            while True:
                line = reader.readline().decode().rstrip('\\r\\n')
                if line.startswith('{') and line.endswith('}'):
                    line = reader.read(int(line[1:-1])).decode()
                    reader.readline()
                lines.append(line)
                if line.split(' ')[0] in ('OK', 'NO', 'BYE'):
                    return lines
        def send(command, literal=None):
            data = command.encode()
            if literal is not None:
                body = literal.encode()
                data += b' {%d+}\\r\\n' % len(body) + body
            sock.sendall(data + b'\\r\\n')
            print('>', command.split(' ')[0], '|'.join(response()))
        def plain(password):
            return 'AUTHENTICATE "PLAIN" "' + base64.b64encode(b'\\0alice@example.test\\0' + password.encode()).decode() + '"'
        def starttls():
            global sock, reader
            send('STARTTLS')
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            sock = context.wrap_socket(sock)
            reader = sock.makefile('rb')
            print('tls', '|'.join(response()))
        print('greeting', '|'.join(response()))
        """;
    private static final String PASSWORD = "a long passphrase";

    @TempDir
    Path dir;
    private MailServer server;

    @BeforeEach
    void startServer() throws Exception {
        Path configFile = TestServers.writeConfigFile(dir, """
              domains = ["example.test"]
              mailboxes = []
              smtp.listeners.mta.port = 0
              smtp.listeners.submission.enabled = false
              smtp.listeners.submissions.enabled = false
              managesieve { enabled = true, port = 0 }
            """);
        Files.createDirectories(dir.resolve("data"));
        UserAccounts.open(dir.resolve("data/users")).add(new MailAddress("alice@example.test"), "a long passphrase");
        server = MailServer.create(ConfigLoader.fromFile(configFile));
        server.start();
    }

    @AfterEach
    void stopServer() throws Exception {
        server.stop();
    }

    @Test
    void aUserPutsChecksActivatesListsGetsAndRenamesScriptsAfterStarttlsAndTheServerFiltersWithThem() throws Exception {
        String output = Python.run(CLIENT + """
            send(plain(sys.argv[2]))
            starttls()
            send(plain('wrong'))
            send(plain(sys.argv[2]))
            send('HAVESPACE "main" 2000000')
            send('PUTSCRIPT "main"', 'require "fileinto";\\nif true {\\n  fileinto "Lists"\\n}\\n')
            send('PUTSCRIPT "main"', 'require ["fileinto", "mailbox"];\\nfileinto :create "Filtered";\\n')
            send('CHECKSCRIPT', 'vacation "x";')
            send('SETACTIVE "main"')
            send('LISTSCRIPTS')
            send('GETSCRIPT "main"')
            send('DELETESCRIPT "main"')
            send('RENAMESCRIPT "main" "filter"')
            send('LISTSCRIPTS')
            send('LOGOUT')
            """, server.manageSieveAddress().getPort(), PASSWORD).output();

        assertThat(output).contains("greeting \"IMPLEMENTATION\" \"mailserver\"|\"SIEVE\" \"comparator-i;ascii-casemap", "|\"SASL\" \"\"|\"STARTTLS\"|",
            "> AUTHENTICATE NO (ENCRYPT-NEEDED)",
            "> STARTTLS OK",
            "tls \"IMPLEMENTATION\" \"mailserver\"|", "|\"SASL\" \"PLAIN\"|\"MAXREDIRECTS\" \"4\"|\"VERSION\" \"1.0\"|OK",
            "> AUTHENTICATE NO \"invalid user name or password\"",
            "> AUTHENTICATE OK",
            "> HAVESPACE NO (QUOTA/MAXSIZE)",
            "> PUTSCRIPT NO \"line 4: expected ';' after 'fileinto', found '}'\"",
            "> PUTSCRIPT OK",
            "> CHECKSCRIPT NO \"line 1: command vacation needs require \\\"vacation\\\"\"",
            "> SETACTIVE OK",
            "> LISTSCRIPTS \"main\" ACTIVE|OK",
            "> GETSCRIPT require [\"fileinto\", \"mailbox\"];\nfileinto :create \"Filtered\";\n|OK",
            "> DELETESCRIPT NO (ACTIVE)",
            "> RENAMESCRIPT OK",
            "> LISTSCRIPTS \"filter\" ACTIVE|OK",
            "> LOGOUT OK");

        String sent = Python.run("""
            import smtplib, sys
            smtp = smtplib.SMTP('127.0.0.1', int(sys.argv[1]), timeout=15)
            smtp.sendmail('bob@remote.test', ['alice@example.test'], b'Subject: filtered\\r\\n\\r\\nhi\\r\\n')
            smtp.quit()
            """, server.mtaAddress().getPort()).output();
        assertThat(sent).isEmpty();
        Path filtered = Maildirs.awaitNewMessages(dir.resolve("data/mail/example.test/alice/.Filtered"), 1, TIMEOUT).get(0);
        assertThat(Files.readString(filtered, StandardCharsets.ISO_8859_1)).contains("Subject: filtered");
    }

    @Test
    void commandsSentInTheClearBehindStarttlsAreRefused() throws Exception {
        String output = Python.run("""
            import socket, sys
            sock = socket.create_connection(('127.0.0.1', int(sys.argv[1])), timeout=15)
            reader = sock.makefile('rb')
            while not reader.readline().startswith(b'OK'):
                pass
            sock.sendall(b'STARTTLS\\r\\nAUTHENTICATE "PLAIN" "AGFAYgBj"\\r\\n')
            print(reader.read().decode())
            """, server.manageSieveAddress().getPort()).output();
        assertThat(output).contains("BYE \"commands sent before the TLS handshake are refused\"").doesNotContain("begin TLS");
    }

    @Test
    void aScriptDeactivatedWithAnEmptyNameCanBeDeletedAndMailIsNoLongerFiltered() throws Exception {
        String output = Python.run(CLIENT + """
            starttls()
            send(plain(sys.argv[2]))
            send('PUTSCRIPT "drop"', 'discard;')
            send('SETACTIVE "drop"')
            send('SETACTIVE ""')
            send('DELETESCRIPT "drop"')
            send('LISTSCRIPTS')
            send('GETSCRIPT "drop"')
            send('LOGOUT')
            """, server.manageSieveAddress().getPort(), PASSWORD).output();

        assertThat(output).contains("> SETACTIVE OK\n> SETACTIVE OK\n> DELETESCRIPT OK\n> LISTSCRIPTS OK\n> GETSCRIPT NO (NONEXISTENT)");
        assertThat(dir.resolve("data/sieve/example.test/alice")).isEmptyDirectory();
    }

    @Test
    void debiansSievelibClientPutsAndActivatesAScriptOverStarttls() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        boolean present = Files.isExecutable(python) && new ProcessBuilder(python.toString(), "-c", "import sievelib.managesieve").start().waitFor() == 0;
        RequiredTool.assume(present, "python3-sievelib (Debian's ManageSieve client library, which .ci/run installs)");
        Process client = new ProcessBuilder(python.toString(), "-c", """
            import sys
            from sievelib.managesieve import Client
            client = Client('127.0.0.1', int(sys.argv[1]))
            print('connect', client.connect('alice@example.test', sys.argv[2], starttls=True, authmech='PLAIN'))
            print('broken', client.putscript('broken', 'fileinto "x";'), client.errmsg)
            print('put', client.putscript('sorted', 'require ["fileinto", "mailbox"];\\nfileinto :create "Sorted";\\n'))
            print('active', client.setactive('sorted'))
            print('list', client.listscripts())
            print('get', repr(client.getscript('sorted')))
            client.logout()
            """, String.valueOf(server.manageSieveAddress().getPort()), PASSWORD).redirectErrorStream(true).start();
        assertThat(client.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(output).contains("connect True", "broken False b'line 1: command fileinto needs require ",
            "put True", "active True", "list ('sorted', [])", "get 'require [\"fileinto\", \"mailbox\"];\\nfileinto :create \"Sorted\";\\n'");
    }
}
