package dev.mailserver.storage.directory;

import static dev.mailserver.storage.Addresses.address;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.core.DeliveryResult.Outcome;
import dev.mailserver.core.DeliveryResult;
import dev.mailserver.core.MessageContent;
import dev.mailserver.storage.Deliveries;
import dev.mailserver.storage.maildir.MaildirStore;
import dev.mailserver.storage.srs.SenderRewriting;

/** Each addressing rule as RCPT sees it ({@link AddressingDirectory}) and as delivery applies it ({@link ResolvingStore}), into real Maildirs. */
class AddressingRulesTest {
    private static final MessageContent MESSAGE = MessageContent.ofBytes("Subject: hi\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII));

    @TempDir
    Path dataDir;

    private Aliases aliases;
    private DomainAliases domainAliases;
    private final ConfiguredDirectory mailboxes = new ConfiguredDirectory(Set.of(Domain.of("example.com"), Domain.LOCALHOST),
        Set.of(address("alice@example.com"), address("bob@example.com"), address("postmaster@localhost")));

    @BeforeEach
    void open() throws IOException {
        aliases = Aliases.open(dataDir.resolve("aliases"));
        domainAliases = DomainAliases.open(dataDir.resolve("domain-aliases"));
    }

    private AddressingDirectory directory(Optional<String> delimiter) {
        return new AddressingDirectory(resolver(delimiter));
    }

    private RecipientResolver resolver(Optional<String> delimiter) {
        return new RecipientResolver(mailboxes, aliases, domainAliases, new AddressingRules(delimiter, address("postmaster@localhost")));
    }

    private DeliveryResult deliver(String recipient) throws IOException {
        return deliver(recipient, Optional.of("+"));
    }

    private DeliveryResult deliver(String recipient, Optional<String> delimiter) throws IOException {
        return new ResolvingStore(resolver(delimiter), new MaildirStore(dataDir.resolve("mail"), mailboxes), false)
            .deliver(Deliveries.to(address(recipient)), MESSAGE);
    }

    @Test
    void mailForAnAliasIsStoredInEachTargetsMaildirOnly() throws IOException {
        aliases.add(address("team@example.com"), List.of(address("alice@example.com"), address("nobody@example.com"), address("bob@example.com")));

        assertThat(directory(Optional.of("+")).hasMailbox(address("team@example.com"))).isTrue();
        DeliveryResult result = deliver("team@example.com");

        assertThat(result.outcome()).isEqualTo(Outcome.DELIVERED);
        assertThat(deliveredTo("example.com/alice")).singleElement().asString().contains("Delivered-To: alice@example.com\r\n");
        assertThat(deliveredTo("example.com/bob")).hasSize(1);
        assertThat(dataDir.resolve("mail/example.com/team")).doesNotExist();
    }

    @Test
    void anAliasOfAliasesReachesTheMailboxesAtTheEndOnceEach() throws IOException {
        aliases.add(address("team@example.com"), List.of(address("alice@example.com")));
        aliases.add(address("all@example.com"), List.of(address("team@example.com"), address("alice@example.com"), address("bob@example.com")));

        assertThat(deliver("all@example.com").outcome()).isEqualTo(Outcome.DELIVERED);

        assertThat(deliveredTo("example.com/alice")).hasSize(1);
        assertThat(deliveredTo("example.com/bob")).hasSize(1);
    }

    @Test
    void anAliasWhoseTargetsAllFailFailsLikeThemAndIsRefusedAtRcpt() throws IOException {
        aliases.add(address("team@example.com"), List.of(address("nobody@example.com")));

        assertThat(directory(Optional.of("+")).hasMailbox(address("team@example.com"))).isFalse();
        assertThat(deliver("team@example.com").enhancedStatus()).isEqualTo("5.1.1");
    }

    @Test
    void aHandWrittenAliasLoopFailsWith546AndIsRefusedAtRcpt() throws IOException {
        Files.writeString(dataDir.resolve("aliases"), "a@example.com: b@example.com\nb@example.com: a@example.com\n");

        assertThat(directory(Optional.of("+")).hasMailbox(address("a@example.com"))).isFalse();
        DeliveryResult result = deliver("a@example.com");

        assertThat(result.outcome()).isEqualTo(Outcome.PERMANENT_FAILURE);
        assertThat(result.enhancedStatus()).isEqualTo("5.4.6");
        assertThat(dataDir.resolve("mail")).doesNotExist();
    }

    @Test
    void plusAddressingDeliversToTheUserWithoutTheTag() throws IOException {
        assertThat(directory(Optional.of("+")).hasMailbox(address("Alice+News@example.com"))).isTrue();

        assertThat(deliver("Alice+News@example.com").outcome()).isEqualTo(Outcome.DELIVERED);

        assertThat(deliveredTo("example.com/alice")).singleElement().asString().contains("Delivered-To: alice@example.com\r\n");
        assertThat(directory(Optional.of("+")).hasMailbox(address("+news@example.com"))).isFalse();
        assertThat(directory(Optional.of("+")).hasMailbox(address("carol+news@example.com"))).isFalse();
    }

    @Test
    void theDelimiterIsConfigurableAndPlusAddressingCanBeSwitchedOff() throws IOException {
        assertThat(directory(Optional.of("-")).hasMailbox(address("alice-news@example.com"))).isTrue();
        assertThat(directory(Optional.of("-")).hasMailbox(address("alice+news@example.com"))).isFalse();
        assertThat(directory(Optional.empty()).hasMailbox(address("alice+news@example.com"))).isFalse();

        assertThat(deliver("alice+news@example.com", Optional.empty()).enhancedStatus()).isEqualTo("5.1.1");
    }

    @Test
    void aTagOnAnAliasGoesToTheAliasTargets() throws IOException {
        aliases.add(address("team@example.com"), List.of(address("bob@example.com")));

        assertThat(deliver("team+x@example.com").outcome()).isEqualTo(Outcome.DELIVERED);

        assertThat(deliveredTo("example.com/bob")).hasSize(1);
    }

    @Test
    void aCatchAllTakesWhatNoMailboxOrAliasTakes() throws IOException {
        aliases.addCatchAll(Domain.of("example.com"), List.of(address("bob@example.com")));

        assertThat(directory(Optional.of("+")).hasMailbox(address("anything@example.com"))).isTrue();
        assertThat(deliver("anything@example.com").outcome()).isEqualTo(Outcome.DELIVERED);
        assertThat(deliver("alice@example.com").outcome()).isEqualTo(Outcome.DELIVERED);

        assertThat(deliveredTo("example.com/bob")).singleElement().asString().contains("Delivered-To: bob@example.com\r\n");
        assertThat(deliveredTo("example.com/alice")).hasSize(1);
        assertThat(directory(Optional.of("+")).hasMailbox(address("anything@localhost"))).isFalse();
    }

    @Test
    void aDomainAliasIsLocalAndItsAddressesAreThoseOfItsDomain() throws IOException {
        domainAliases.add(Domain.of("Example.NET"), Domain.of("example.com"));
        AddressingDirectory directory = directory(Optional.of("+"));

        assertThat(directory.isLocalDomain(Domain.of("example.net"))).isTrue();
        assertThat(directory.hasMailbox(address("alice+x@example.net"))).isTrue();
        assertThat(directory.hasMailbox(address("carol@example.net"))).isFalse();
        assertThat(deliver("alice@example.net").outcome()).isEqualTo(Outcome.DELIVERED);

        assertThat(deliveredTo("example.com/alice")).hasSize(1);
        assertThat(dataDir.resolve("mail/example.net")).doesNotExist();
    }

    @Test
    void postmasterAndAbuseExistInEveryLocalDomain() throws IOException {
        domainAliases.add(Domain.of("example.net"), Domain.of("example.com"));
        AddressingDirectory directory = directory(Optional.of("+"));

        for (String address : List.of("postmaster@example.com", "Abuse@example.com", "postmaster@example.net", "abuse@localhost")) {
            assertThat(directory.hasMailbox(address(address))).as(address).isTrue();
            assertThat(deliver(address).outcome()).as(address).isEqualTo(Outcome.DELIVERED);
        }

        assertThat(deliveredTo("localhost/postmaster")).hasSize(4);
        assertThat(directory.hasMailbox(address("hostmaster@example.com"))).isFalse();
        assertThat(directory.isLocalDomain(Domain.of("elsewhere.test"))).isFalse();
    }

    @Test
    void anAliasWithARemoteTargetDeliversLocallyAndReturnsOneForwardToTheRemoteTargets() throws IOException {
        aliases.add(address("team@example.com"), List.of(address("alice@example.com"), address("carol@elsewhere.test"),
            address("dave@elsewhere.test")));
        aliases.add(address("away@example.com"), List.of(address("carol@elsewhere.test")));

        assertThat(directory(Optional.of("+")).hasMailbox(address("team@example.com"))).isTrue();
        assertThat(directory(Optional.of("+")).hasMailbox(address("away+x@example.com"))).isTrue();
        DeliveryResult team = deliver("team@example.com");
        DeliveryResult away = deliver("away+x@example.com");

        assertThat(team.outcome()).isEqualTo(Outcome.DELIVERED);
        assertThat(team.detail()).endsWith(", forwarded to <carol@elsewhere.test>, <dave@elsewhere.test>");
        assertThat(team.followUps()).singleElement().satisfies(forward -> {
            assertThat(forward.envelope().recipients()).containsExactly(address("carol@elsewhere.test"), address("dave@elsewhere.test"));
            assertThat(forward.envelope().sender()).isEqualTo(Deliveries.SENDER);
            assertThat(forward.content().openStream().readAllBytes()).isEqualTo(MESSAGE.openStream().readAllBytes());
        });
        assertThat(deliveredTo("example.com/alice")).hasSize(1);
        assertThat(away.detail()).isEqualTo("forwarded to <carol@elsewhere.test>");
        assertThat(away.followUps()).hasSize(1);
        assertThat(dataDir.resolve("mail/example.com/away")).doesNotExist();
    }

    @Test
    void aCatchAllMayForwardAndARemoteRecipientItselfIsStillNotLocal() throws IOException {
        aliases.addCatchAll(Domain.of("example.com"), List.of(address("all@elsewhere.test")));

        assertThat(directory(Optional.of("+")).hasMailbox(address("anything@example.com"))).isTrue();
        assertThat(deliver("anything@example.com").followUps()).singleElement()
            .satisfies(forward -> assertThat(forward.envelope().recipients()).containsExactly(address("all@elsewhere.test")));
        assertThat(directory(Optional.of("+")).hasMailbox(address("all@elsewhere.test"))).isFalse();
        assertThat(deliver("all@elsewhere.test").enhancedStatus()).isEqualTo("5.1.2");
    }

    @Test
    void aValidSrsAddressOfOursForwardsToTheSenderItStandsForAndAForgedOneIsNoAddress() throws IOException {
        SenderRewriting srs = new SenderRewriting(Domain.of("example.com"), List.of("secret".getBytes(StandardCharsets.UTF_8)),
            Duration.ofDays(21), Clock.systemUTC());
        RecipientResolver resolver = new RecipientResolver(mailboxes, aliases, domainAliases,
            new AddressingRules(Optional.of("+"), address("postmaster@localhost")), Optional.of(srs));
        aliases.addCatchAll(Domain.of("example.com"), List.of(address("bob@example.com")));
        MailAddress bounceAddress = srs.forward(address("carol@elsewhere.test"));
        MailAddress forged = address(bounceAddress.asString().replace("=carol@", "=mallory@"));

        assertThat(new AddressingDirectory(resolver).hasMailbox(bounceAddress)).isTrue();
        DeliveryResult bounce = new ResolvingStore(resolver, new MaildirStore(dataDir.resolve("mail"), mailboxes), false)
            .deliver(Deliveries.to(bounceAddress), MESSAGE);
        Resolution refused = resolver.resolve(forged);

        assertThat(bounce.followUps()).singleElement()
            .satisfies(forward -> assertThat(forward.envelope().recipients()).containsExactly(address("carol@elsewhere.test")));
        assertThat(new AddressingDirectory(resolver).hasMailbox(forged)).isFalse();
        assertThat(refused.failure().enhancedStatus()).isEqualTo("5.1.1");
        assertThat(refused.failure().detail()).endsWith(": the SRS hash is wrong");
        assertThat(deliveredTo("example.com/bob")).isEmpty();
    }

    private List<String> deliveredTo(String mailbox) throws IOException {
        Path newMail = dataDir.resolve("mail").resolve(mailbox).resolve("new");
        if (!Files.isDirectory(newMail)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(newMail)) {
            return files.map(AddressingRulesTest::read).toList();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
