package dev.mailserver.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.mailserver.app.config.ConfigLoader;
import dev.mailserver.app.config.ServerConfig;

/** Configuration for servers started by tests: loopback, a free port, everything under one directory. */
final class TestServers {
    private TestServers() {
    }

    /**
     * Writes {@code server.conf} in {@code dir} as an operator would: the data in {@code dir/data}, a short
     * shutdown, the admin API on a free port, and {@code settings} (HOCON inside {@code mailserver { }}).
     */
    /**
     * Waits until a running server has seen what a command changed in the users, domains, aliases or quotas
     * files: it looks at them every 250 ms, off the SMTP IO threads.
     */
    static void letTheServerSeeDirectoryChanges() throws InterruptedException {
        Thread.sleep(1000);
    }

    /** The file {@code server.conf} in {@code dir}: data in {@code dir/data}, POP3 and admin on free ports, no trusted networks, and {@code settings}. */
    static Path writeConfigFile(Path dir, String settings) throws IOException {
        return Files.writeString(dir.resolve("server.conf"), """
            mailserver {
              data-dir = "%s"
              shutdown-timeout = 5s
              pop3.listeners.pop3.port = 0
              pop3.listeners.pop3s.port = 0
              admin.port = 0
              smtp.trusted-networks = []
            %s
            }
            """.formatted(dir.resolve("data").toString().replace("\\", "\\\\"), settings));
    }

    /** A configuration file with the MTA listener alone, on {@code port}, as host {@code mx.test}, and {@code settings}. */
    static Path writeMtaConfigFile(Path dir, int port, String settings) throws IOException {
        return writeConfigFile(dir, """
              hostname = "mx.test"
              smtp.listeners.mta.port = %d
              smtp.listeners.submission.enabled = false
              smtp.listeners.submissions.enabled = false
            %s
            """.formatted(port, settings));
    }

    static ServerConfig config(Path dataDir, int port, String extraHocon) {
        String hocon = """
            mailserver {
              hostname = "mx.test"
              data-dir = "%s"
              domains = ["localhost", "example.test"]
              mailboxes = ["postmaster@localhost", "alice@example.test"]
              smtp.listeners.mta.port = %d
              smtp.listeners.submission.port = 0
              smtp.listeners.submissions.port = 0
              admin.port = 0
              shutdown-timeout = 5s
              pop3.listeners.pop3.port = 0
              pop3.listeners.pop3s.port = 0
              smtp.trusted-networks = []
            }
            %s
            """.formatted(dataDir.toString().replace("\\", "\\\\"), port, extraHocon);
        return ConfigLoader.fromString(hocon, "test configuration");
    }
}
