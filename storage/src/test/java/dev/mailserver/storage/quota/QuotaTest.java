package dev.mailserver.storage.quota;

import static dev.mailserver.storage.Addresses.address;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.apache.james.core.Domain;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.core.DeliveryResult.Outcome;
import dev.mailserver.core.DeliveryResult;
import dev.mailserver.core.MessageContent;
import dev.mailserver.storage.Deliveries;
import dev.mailserver.storage.directory.AddressingDirectory;
import dev.mailserver.storage.directory.AddressingRules;
import dev.mailserver.storage.directory.Aliases;
import dev.mailserver.storage.directory.ConfiguredDirectory;
import dev.mailserver.storage.directory.DomainAliases;
import dev.mailserver.storage.directory.RecipientResolver;
import dev.mailserver.storage.maildir.MailboxPermissions;
import dev.mailserver.storage.maildir.Maildir;
import dev.mailserver.storage.maildir.MaildirStore;
import dev.mailserver.storage.maildir.MaildirSync;

/** Quota per user and per domain, kept in Maildir++ maildirsize files, into real Maildirs. */
class QuotaTest {
    private static final MessageContent MESSAGE = MessageContent.ofBytes("Subject: hi\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII));

    @TempDir
    Path dir;

    private final ConfiguredDirectory mailboxes = new ConfiguredDirectory(Set.of(Domain.of("example.com"), Domain.of("example.org")),
        Set.of(address("alice@example.com"), address("bob@example.com"), address("carol@example.org")));
    private Quotas quotas;

    @BeforeEach
    void open() throws IOException {
        quotas = Quotas.open(dir.resolve("quotas"), new QuotaLimits(0, 3));
    }

    private MailboxQuota quota(int warningPercent) {
        return new MailboxQuota(quotas, warningPercent, Clock.systemUTC());
    }

    private MaildirStore store(MailboxQuota quota) {
        return new MaildirStore(dir.resolve("mail"), mailboxes, MailboxPermissions.DEFAULT, quota, MaildirSync.perFile());
    }

    private DeliveryResult deliver(MaildirStore store, String recipient) throws IOException {
        return store.deliver(Deliveries.to(address(recipient)), MESSAGE);
    }

    @Test
    void mailThatWouldGoOverTheMessageLimitIsDeferredWith422AndRcptThenKnowsTheMailboxIsFull() throws IOException {
        MailboxQuota quota = quota(100);
        MaildirStore store = store(quota);
        AddressingDirectory directory = new AddressingDirectory(new RecipientResolver(mailboxes, Aliases.open(dir.resolve("aliases")),
            DomainAliases.open(dir.resolve("domain-aliases")), new AddressingRules(Optional.of("+"), address("alice@example.com"))), quota);
        for (int n = 0; n < 3; n++) {
            assertThat(deliver(store, "carol@example.org").outcome()).isEqualTo(Outcome.DELIVERED);
        }
        assertThat(directory.isKnownFull(address("carol@example.org"))).isFalse();

        DeliveryResult full = deliver(store, "carol@example.org");

        assertThat(full.outcome()).isEqualTo(Outcome.TEMPORARY_FAILURE);
        assertThat(full.enhancedStatus()).isEqualTo("4.2.2");
        assertThat(full.detail()).startsWith("mailbox full");
        assertThat(files("example.org/carol/new")).hasSize(3);
        assertThat(directory.isKnownFull(address("carol+tag@example.org"))).isTrue();
        assertThat(directory.isKnownFull(address("alice@example.com"))).isFalse();
        long size = Files.size(files("example.org/carol/new").get(0));
        assertThat(Files.readAllLines(dir.resolve("mail/example.org/carol/maildirsize")))
            .as("made at the first delivery").containsExactly("0S,3C", size + " 1", size + " 1", size + " 1");
    }

    @Test
    void aUserLimitOverridesTheDomainsWhichOverridesTheDefault() throws IOException {
        quotas.set("@example.com", QuotaLimits.parse("100 0"));
        quotas.set("Bob@example.com", QuotaLimits.parse("1K 0"));
        MaildirStore store = store(quota(100));

        assertThat(deliver(store, "alice@example.com").outcome()).as("a message of about 90 bytes fits 100").isEqualTo(Outcome.DELIVERED);
        assertThat(deliver(store, "alice@example.com").enhancedStatus()).isEqualTo("4.2.2");
        for (int n = 0; n < 5; n++) {
            assertThat(deliver(store, "bob@example.com").outcome()).isEqualTo(Outcome.DELIVERED);
        }
        assertThat(quotas.list()).containsEntry("bob@example.com", "1024 0").containsEntry("@example.com", "100 0");
        assertThat(Files.readAllLines(dir.resolve("mail/example.com/bob/maildirsize")).get(0)).isEqualTo("1024S,0C");
    }

    @Test
    void aMissingOrOutdatedMaildirsizeIsRecalculatedFromTheFilesOfEveryFolder() throws IOException {
        quotas.set("alice@example.com", QuotaLimits.parse("0 100"));
        MaildirStore store = store(quota(100));
        store.deliver(Deliveries.to(address("alice@example.com")), "Junk", MESSAGE);
        deliver(store, "alice@example.com");
        Path maildirsize = dir.resolve("mail/example.com/alice/maildirsize");
        Files.delete(maildirsize);
        Path read = files("example.com/alice/new").get(0);
        Files.move(read, dir.resolve("mail/example.com/alice/cur").resolve(read.getFileName() + ":2,S"));

        deliver(store, "alice@example.com");

        long size = Files.size(files("example.com/alice/new").get(0));
        assertThat(Files.readAllLines(maildirsize)).containsExactly("0S,100C", (2 * size) + " 2", size + " 1");
        quotas.set("alice@example.com", QuotaLimits.parse("0 3"));
        assertThat(deliver(store, "alice@example.com").enhancedStatus()).as("recounted under the new limits").isEqualTo("4.2.2");
        assertThat(Files.readAllLines(maildirsize)).containsExactly("0S,3C", (3 * size) + " 3");
    }

    @Test
    void passingTheWarningShareLeavesOneWarningInTheInbox() throws IOException {
        quotas.set("alice@example.com", QuotaLimits.parse("0 10"));
        MaildirStore store = store(quota(50));
        for (int n = 0; n < 4; n++) {
            deliver(store, "alice@example.com");
        }
        assertThat(files("example.com/alice/new")).hasSize(4);

        deliver(store, "alice@example.com");
        deliver(store, "alice@example.com");

        List<String> messages = files("example.com/alice/new").stream().map(QuotaTest::read).toList();
        assertThat(messages).hasSize(7).filteredOn(text -> text.contains("Subject: Your mailbox is 50% full")).singleElement().asString()
            .contains("From: Mail Delivery System <postmaster@example.com>", "Auto-Submitted: auto-generated", " of 0 bytes and 5 of 10 messages");
        assertThat(Files.readAllLines(dir.resolve("mail/example.com/alice/maildirsize")).stream().skip(1)
            .mapToLong(line -> Long.parseLong(line.split(" ")[1])).sum()).isEqualTo(7);
    }

    @Test
    void limitsAreWrittenAsSizeAndMessages() {
        assertThat(QuotaLimits.parse("1GiB 10000")).isEqualTo(new QuotaLimits(1L << 30, 10_000));
        assertThat(QuotaLimits.parse("500 M 0")).isEqualTo(new QuotaLimits(500L << 20, 0));
        assertThat(QuotaLimits.parse("0 0").isUnlimited()).isTrue();
        assertThatThrownBy(() -> QuotaLimits.parse("1GiB")).hasMessageContaining("'<size> <messages>'");
        assertThatThrownBy(() -> QuotaLimits.parse("-1 5")).isInstanceOf(IllegalArgumentException.class);
    }

    private List<Path> files(String maildir) throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("mail").resolve(maildir))) {
            return files.sorted().toList();
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
