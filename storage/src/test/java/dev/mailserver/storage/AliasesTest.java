package dev.mailserver.storage;

import static dev.mailserver.storage.Addresses.address;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.apache.james.core.Domain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.core.DeliveryResult;
import dev.mailserver.core.MessageContent;

class AliasesTest {
    private static final MessageContent MESSAGE = MessageContent.ofBytes("Subject: hi\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII));

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
    void mailForAnAliasIsStoredInEachTargetsMaildirOnly() throws IOException {
        Aliases aliases = Aliases.open(dataDir.resolve("aliases"));
        aliases.add(address("team@example.com"), List.of(address("alice@example.com"), address("nobody@example.com"), address("bob@example.com")));
        ConfiguredDirectory directory = new ConfiguredDirectory(Set.of(Domain.of("example.com")),
            Set.of(address("alice@example.com"), address("bob@example.com")));
        AliasExpandingStore store = new AliasExpandingStore(aliases, new MaildirStore(dataDir.resolve("mail"), directory));

        DeliveryResult result = store.deliver(Deliveries.to(address("team@example.com")), MESSAGE);

        assertThat(result.outcome()).isEqualTo(DeliveryResult.Outcome.DELIVERED);
        assertThat(dataDir.resolve("mail/example.com/alice/new")).isNotEmptyDirectory();
        assertThat(dataDir.resolve("mail/example.com/bob/new")).isNotEmptyDirectory();
        assertThat(dataDir.resolve("mail/example.com/team")).doesNotExist();
        assertThat(store.deliver(Deliveries.to(address("alice@example.com")), MESSAGE).outcome()).isEqualTo(DeliveryResult.Outcome.DELIVERED);
    }

    @Test
    void anAliasPointingToAnotherAliasIsNotExpandedFurther() throws IOException {
        Aliases aliases = Aliases.open(dataDir.resolve("aliases"));
        aliases.add(address("all@example.com"), List.of(address("team@example.com")));
        aliases.add(address("team@example.com"), List.of(address("alice@example.com")));
        ConfiguredDirectory directory = new ConfiguredDirectory(Set.of(Domain.of("example.com")), Set.of(address("alice@example.com")),
            aliases::exists);
        AliasExpandingStore store = new AliasExpandingStore(aliases, new MaildirStore(dataDir.resolve("mail"), directory));

        DeliveryResult result = store.deliver(Deliveries.to(address("all@example.com")), MESSAGE);

        assertThat(result.outcome()).isEqualTo(DeliveryResult.Outcome.PERMANENT_FAILURE);
        assertThat(result.detail()).contains("points to another alias");
        assertThat(dataDir.resolve("mail/example.com")).doesNotExist();
    }

    @Test
    void anAliasWhoseTargetsAllFailFailsLikeThem() throws IOException {
        Aliases aliases = Aliases.open(dataDir.resolve("aliases"));
        aliases.add(address("team@example.com"), List.of(address("nobody@example.com")));
        AliasExpandingStore store = new AliasExpandingStore(aliases,
            new MaildirStore(dataDir.resolve("mail"), new ConfiguredDirectory(Set.of(Domain.of("example.com")), Set.of())));

        DeliveryResult result = store.deliver(Deliveries.to(address("team@example.com")), MESSAGE);

        assertThat(result.outcome()).isEqualTo(DeliveryResult.Outcome.PERMANENT_FAILURE);
        assertThat(result.enhancedStatus()).isEqualTo("5.1.1");
    }
}
