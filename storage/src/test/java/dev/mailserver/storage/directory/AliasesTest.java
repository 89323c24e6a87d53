package dev.mailserver.storage.directory;

import static dev.mailserver.storage.Addresses.address;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.apache.james.core.Domain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


class AliasesTest {
    @TempDir
    Path dataDir;

    @Test
    void aliasesAddedByAnotherProcessAreSeenAtOnceAndWrittenOneALine() throws IOException {
        Aliases server = Aliases.open(dataDir.resolve("aliases"));

        Aliases.open(dataDir.resolve("aliases")).add(address("Team@example.com"), List.of(address("alice@example.com"), address("bob@example.com")));

        assertThat(server.exists(address("team@EXAMPLE.com"))).isTrue();
        assertThat(server.targets(address("team@example.com"))).containsExactly(address("alice@example.com"), address("bob@example.com"));
        assertThat(Files.readAllLines(dataDir.resolve("aliases"))).contains("team@example.com: alice@example.com, bob@example.com");
        assertThatThrownBy(() -> server.add(address("team@example.com"), List.of(address("carol@example.com"))))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exists already");

        server.remove(address("team@example.com"));
        assertThat(server.targets(address("team@example.com"))).isEmpty();
    }

    @Test
    void domainsAddedByAnotherProcessAreLocalAtOnce() throws IOException {
        LocalDomains server = LocalDomains.open(dataDir.resolve("domains"));
        ConfiguredDirectory directory = new ConfiguredDirectory(Set.of(Domain.of("example.com")), Set.of(), server::contains, address -> true);
        assertThat(directory.isLocalDomain(Domain.of("example.net"))).isFalse();

        LocalDomains.open(dataDir.resolve("domains")).add(Domain.of("Example.NET"));

        assertThat(directory.isLocalDomain(Domain.of("example.net"))).isTrue();
        assertThat(directory.hasMailbox(address("anyone@example.net"))).isTrue();
        assertThat(server.list()).containsExactly(Domain.of("example.net"));
    }

    @Test
    void anAliasThatWouldLeadBackToItselfIsRefused() throws IOException {
        Aliases aliases = Aliases.open(dataDir.resolve("aliases"));
        aliases.add(address("all@example.com"), List.of(address("team@example.com")));
        aliases.add(address("team@example.com"), List.of(address("alice@example.com"), address("ops@example.com")));

        assertThatThrownBy(() -> aliases.add(address("ops@example.com"), List.of(address("bob@example.com"), address("All@example.com"))))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("alias ops@example.com would make an alias loop: ops@example.com -> all@example.com -> team@example.com -> ops@example.com");
        assertThatThrownBy(() -> aliases.addCatchAll(Domain.of("example.com"), List.of(address("x@example.com"), address("@example.com"))))
            .isInstanceOf(IllegalArgumentException.class);
        assertThat(aliases.exists(address("ops@example.com"))).isFalse();
    }

    @Test
    void aCatchAllIsOneLineOfTheAliasesFile() throws IOException {
        Aliases aliases = Aliases.open(dataDir.resolve("aliases"));

        aliases.addCatchAll(Domain.of("Example.com"), List.of(address("bob@example.com")));

        assertThat(Files.readAllLines(dataDir.resolve("aliases"))).contains("@example.com: bob@example.com");
        assertThat(aliases.catchAllTargets(Domain.of("example.com"))).containsExactly(address("bob@example.com"));
        aliases.removeCatchAll(Domain.of("example.com"));
        assertThat(aliases.catchAllTargets(Domain.of("example.com"))).isEmpty();
        assertThatThrownBy(() -> aliases.removeCatchAll(Domain.of("example.com"))).hasMessage("no catch-all for example.com");
    }
}
