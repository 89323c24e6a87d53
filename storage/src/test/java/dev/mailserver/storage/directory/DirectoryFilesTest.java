package dev.mailserver.storage.directory;

import static dev.mailserver.storage.Addresses.address;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import org.apache.james.core.Domain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.core.testing.Await;

/** The server's way of keeping the directory files current: a background thread re-reads what a command replaced. */
class DirectoryFilesTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    @Test
    void aFileReplacedByAnotherProcessIsSeenAfterTheNextRefresh() throws Exception {
        try (DirectoryFiles files = DirectoryFiles.refreshedInBackground(Duration.ofMillis(20))) {
            Aliases server = Aliases.open(dataDir.resolve("aliases"), files);
            assertThat(server.exists(address("team@example.com"))).isFalse();

            Aliases.open(dataDir.resolve("aliases")).add(address("team@example.com"), List.of(address("alice@example.com")));

            Await.until(() -> server.exists(address("team@example.com")), TIMEOUT);
            assertThat(server.targets(address("team@example.com"))).containsExactly(address("alice@example.com"));
        }
    }

    @Test
    void aChangeMadeThroughTheServersOwnCopyIsSeenAtOnce() throws Exception {
        try (DirectoryFiles files = DirectoryFiles.refreshedInBackground(Duration.ofHours(1))) {
            LocalDomains server = LocalDomains.open(dataDir.resolve("domains"), files);

            server.add(Domain.of("example.net"));

            assertThat(server.list()).extracting(Domain::asString).containsExactly("example.net");
        }
    }

    @Test
    void aBrokenFileKeepsTheEntriesReadBefore() throws Exception {
        Path file = dataDir.resolve("aliases");
        Aliases.open(file).add(address("team@example.com"), List.of(address("alice@example.com")));
        try (DirectoryFiles files = DirectoryFiles.refreshedInBackground(Duration.ofMillis(20))) {
            Aliases server = Aliases.open(file, files);

            Path broken = dataDir.resolve("aliases.new");
            Files.writeString(broken, ": no alias before the colon\n");
            Files.move(broken, file, StandardCopyOption.REPLACE_EXISTING);

            Thread.sleep(200); // ten refreshes
            assertThat(server.targets(address("team@example.com"))).containsExactly(address("alice@example.com"));
        }
    }
}
