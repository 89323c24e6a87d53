package dev.mailserver.storage.users;

import static dev.mailserver.storage.Addresses.address;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import org.apache.james.core.Domain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import dev.mailserver.storage.directory.ConfiguredDirectory;

class UserAccountsTest {
    @TempDir
    Path dataDir;

    private Path usersFile() {
        return dataDir.resolve("users");
    }

    @Test
    void aMissingFileMeansNoUsers() throws IOException {
        UserAccounts accounts = UserAccounts.open(usersFile());

        assertThat(accounts.addresses()).isEmpty();
        assertThat(accounts.authenticate("alice@example.com", "secret")).isFalse();
    }

    @Test
    void anAddedUserLogsInWithTheirPasswordOnly() throws IOException {
        UserAccounts accounts = UserAccounts.open(usersFile());
        accounts.add(address("Alice@Example.com"), "correct horse");

        assertThat(accounts.authenticate("alice@example.com", "correct horse")).isTrue();
        assertThat(accounts.authenticate("ALICE@example.COM", "correct horse")).isTrue();
        assertThat(accounts.authenticate("alice@example.com", "Correct horse")).isFalse();
        assertThat(accounts.authenticate("bob@example.com", "correct horse")).isFalse();
        assertThat(accounts.exists(address("alice@EXAMPLE.com"))).isTrue();
    }

    @Test
    void theFileHoldsAnArgon2idHashReadableByTheOwnerOnly() throws IOException {
        UserAccounts.open(usersFile()).add(address("alice@example.com"), "correct horse");

        String text = Files.readString(usersFile(), StandardCharsets.UTF_8);
        assertThat(text).contains("alice@example.com:$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain("correct horse");
        assertThat(Files.getPosixFilePermissions(usersFile())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void aUserAddedByAnotherProcessIsSeenAtOnce() throws IOException {
        UserAccounts server = UserAccounts.open(usersFile());
        assertThat(server.authenticate("alice@example.com", "pw1")).isFalse();

        UserAccounts.open(usersFile()).add(address("alice@example.com"), "pw1");
        UserAccounts.open(usersFile()).add(address("bob@example.com"), "pw2");

        assertThat(server.authenticate("alice@example.com", "pw1")).isTrue();
        assertThat(server.authenticate("bob@example.com", "pw2")).isTrue();
    }

    @Test
    void addingAnExistingUserFailsAndKeepsTheOldPassword() throws IOException {
        UserAccounts accounts = UserAccounts.open(usersFile());
        accounts.add(address("alice@example.com"), "first");

        assertThatThrownBy(() -> accounts.add(address("ALICE@example.com"), "second"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exists already");
        assertThat(accounts.authenticate("alice@example.com", "first")).isTrue();
    }

    @Test
    void aChangedPasswordReplacesTheOldOneForARunningServer() throws IOException {
        UserAccounts server = UserAccounts.open(usersFile());
        UserAccounts.open(usersFile()).add(address("alice@example.com"), "first");
        assertThat(server.authenticate("alice@example.com", "first")).isTrue();

        UserAccounts.open(usersFile()).changePassword(address("ALICE@example.com"), "second");

        assertThat(server.authenticate("alice@example.com", "second")).isTrue();
        assertThat(server.authenticate("alice@example.com", "first")).isFalse();
        assertThatThrownBy(() -> server.changePassword(address("bob@example.com"), "x"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no user bob@example.com");
    }

    @Test
    void aRemovedUserNoLongerLogsInNorHasAMailbox() throws IOException {
        UserAccounts server = UserAccounts.open(usersFile());
        server.add(address("alice@example.com"), "pw");
        server.add(address("bob@example.com"), "pw");

        UserAccounts.open(usersFile()).remove(address("Alice@example.com"));

        assertThat(server.authenticate("alice@example.com", "pw")).isFalse();
        assertThat(server.exists(address("alice@example.com"))).isFalse();
        assertThat(server.addresses()).containsExactly("bob@example.com");
        assertThatThrownBy(() -> server.remove(address("alice@example.com")))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no user alice@example.com");
    }

    @Test
    void bcryptHashesMadeElsewhereAreAccepted() throws IOException {
        String hash = new BCryptPasswordEncoder().encode("from htpasswd");
        Files.writeString(usersFile(), "# imported\n\ncarol@example.com:" + hash + "\n");

        UserAccounts accounts = UserAccounts.open(usersFile());

        assertThat(accounts.authenticate("carol@example.com", "from htpasswd")).isTrue();
        assertThat(accounts.authenticate("carol@example.com", "wrong")).isFalse();
    }

    @Test
    void hashesWithDovecotsSchemePrefixAreAccepted() throws IOException {
        UserAccounts.open(usersFile()).add(address("alice@example.com"), "alice's");
        String argon2 = Files.readAllLines(usersFile()).getLast().split(":", 2)[1];
        Files.writeString(usersFile(), "alice@example.com:{ARGON2ID}" + argon2 + "\nbob@example.com:{BLF-CRYPT}"
            + new BCryptPasswordEncoder().encode("bob's") + "\n");

        UserAccounts accounts = UserAccounts.open(usersFile());

        assertThat(accounts.authenticate("alice@example.com", "alice's")).isTrue();
        assertThat(accounts.authenticate("bob@example.com", "bob's")).isTrue();
        assertThat(accounts.authenticate("bob@example.com", "alice's")).isFalse();
    }

    @Test
    void aPlaintextPasswordInTheFileNeverMatches() throws IOException {
        Files.writeString(usersFile(), "dave@example.com:hunter2\n");

        assertThat(UserAccounts.open(usersFile()).authenticate("dave@example.com", "hunter2")).isFalse();
    }

    @Test
    void aUserMaySendOnlyAsTheirOwnAddress() throws IOException {
        UserAccounts accounts = UserAccounts.open(usersFile());
        accounts.add(address("alice@example.com"), "pw");

        assertThat(accounts.mayUseSender("alice@example.com", address("Alice@EXAMPLE.com"))).isTrue();
        assertThat(accounts.mayUseSender("alice@example.com", address("bob@example.com"))).isFalse();
        assertThat(accounts.mayUseSender("bob@example.com", address("bob@example.com"))).isFalse();
    }

    @Test
    void usersHaveMailboxesInTheDirectory() throws IOException {
        UserAccounts accounts = UserAccounts.open(usersFile());
        accounts.add(address("alice@example.com"), "pw");
        accounts.add(address("alice@elsewhere.net"), "pw");
        ConfiguredDirectory directory = new ConfiguredDirectory(Set.of(Domain.of("example.com")),
            Set.of(address("postmaster@example.com")), accounts::exists);

        assertThat(directory.hasMailbox(address("alice@example.com"))).isTrue();
        assertThat(directory.hasMailbox(address("postmaster@example.com"))).isTrue();
        assertThat(directory.hasMailbox(address("alice@elsewhere.net"))).isFalse();
    }

    @Test
    void aBrokenFileIsReportedWithItsLine() throws IOException {
        Files.writeString(usersFile(), "alice@example.com:$argon2id$x\nno colon here\n");

        assertThatThrownBy(() -> UserAccounts.open(usersFile()))
            .isInstanceOf(IOException.class).hasMessageContaining("line 2");
    }
}
