package dev.mailserver.app;

import java.nio.file.Path;

/** Configuration for servers started by tests: loopback, a free port, everything under one directory. */
final class TestServers {
    private TestServers() {
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
            }
            %s
            """.formatted(dataDir.toString().replace("\\", "\\\\"), port, extraHocon);
        return ConfigLoader.fromString(hocon, "test configuration");
    }
}
