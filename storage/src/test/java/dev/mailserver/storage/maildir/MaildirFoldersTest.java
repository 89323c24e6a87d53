package dev.mailserver.storage.maildir;

import static dev.mailserver.storage.Addresses.address;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.apache.james.core.Domain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.core.DeliveryResult.Outcome;
import dev.mailserver.core.MessageContent;
import dev.mailserver.core.mailbox.LocalDelivery;
import dev.mailserver.storage.Deliveries;
import dev.mailserver.storage.directory.AddressingRules;
import dev.mailserver.storage.directory.Aliases;
import dev.mailserver.storage.directory.ConfiguredDirectory;
import dev.mailserver.storage.directory.DomainAliases;
import dev.mailserver.storage.directory.RecipientResolver;
import dev.mailserver.storage.directory.ResolvingStore;
import dev.mailserver.storage.quota.MailboxQuota;

/** Maildir++ folders made on demand, and the owner, group and modes of what delivery makes. */
class MaildirFoldersTest {
    private static final MessageContent MESSAGE = MessageContent.ofBytes("Subject: hi\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII));

    @TempDir
    Path dir;

    private final ConfiguredDirectory mailboxes = new ConfiguredDirectory(Set.of(Domain.of("example.com")), Set.of(address("alice@example.com")));

    private Path alice() {
        return dir.resolve("mail/example.com/alice");
    }

    private ResolvingStore store(boolean tagFolders) throws IOException {
        RecipientResolver resolver = new RecipientResolver(mailboxes, Aliases.open(dir.resolve("aliases")),
            DomainAliases.open(dir.resolve("domain-aliases")), new AddressingRules(Optional.of("+"), address("alice@example.com")));
        return new ResolvingStore(resolver, new MaildirStore(dir.resolve("mail"), mailboxes), tagFolders);
    }

    @Test
    void mailForATaggedAddressGoesIntoAFolderMadeOnDemandWithItsMaildirfolderFile() throws IOException {
        assertThat(store(true).deliver(Deliveries.to(address("alice+Lists@example.com")), MESSAGE).outcome()).isEqualTo(Outcome.DELIVERED);
        store(true).deliver(Deliveries.to(address("alice+Lists@example.com")), MESSAGE);

        assertThat(files(alice().resolve(".Lists/new"))).hasSize(2);
        assertThat(alice().resolve(".Lists/maildirfolder")).isEmptyFile();
        assertThat(alice().resolve(".Lists/cur")).isEmptyDirectory();
        assertThat(alice().resolve(".Lists/tmp")).isEmptyDirectory();
        assertThat(alice().resolve("new")).doesNotExist();
    }

    @Test
    void aTagThatCannotNameAFolderAndSwitchedOffFoldersMeanTheInbox() throws IOException {
        store(true).deliver(Deliveries.to(address("alice+a.b@example.com")), MESSAGE);
        store(true).deliver(Deliveries.to(address("alice+@example.com")), MESSAGE);
        store(false).deliver(Deliveries.to(address("alice+Lists@example.com")), MESSAGE);

        assertThat(files(alice().resolve("new"))).hasSize(3);
        try (Stream<Path> entries = Files.list(alice())) {
            assertThat(entries.map(path -> path.getFileName().toString())).containsExactlyInAnyOrder("tmp", "new", "cur");
        }
    }

    @Test
    void aRepeatedDeliveryFindsTheCopyInTheFolder() throws IOException {
        LocalDelivery first = Deliveries.to(address("alice+Lists@example.com"));
        store(true).deliver(first, MESSAGE);
        LocalDelivery repeated = new LocalDelivery(first.queueId(), first.sender(), first.recipient(), first.arrivedAt(), true);

        assertThat(store(true).deliver(repeated, MESSAGE).detail()).contains("stored before as example.com/alice/.Lists/new/");
        assertThat(files(alice().resolve(".Lists/new"))).hasSize(1);
    }

    @Test
    void directoriesAndFilesGetTheConfiguredOwnerGroupAndModes() throws IOException {
        PosixFileAttributes mine = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        MailboxPermissions permissions = MailboxPermissions.of(mine.owner().getName(), mine.group().getName(), "rwxr-x---", "rw-r-----");
        MaildirStore store = new MaildirStore(dir.resolve("mail"), mailboxes, permissions, MailboxQuota.NONE, MaildirSync.perFile());

        store.deliver(Deliveries.to(address("alice@example.com")), MaildirStore.JUNK, MESSAGE);

        for (Path made : List.of(dir.resolve("mail"), dir.resolve("mail/example.com"), alice(), alice().resolve(".Junk"),
                alice().resolve(".Junk/new"), alice().resolve(".Junk/cur"), alice().resolve(".Junk/tmp"))) {
            PosixFileAttributes attributes = Files.readAttributes(made, PosixFileAttributes.class);
            assertThat(PosixFilePermissions.toString(attributes.permissions())).as(made.toString()).isEqualTo("rwxr-x---");
            assertThat(attributes.group()).isEqualTo(mine.group());
            assertThat(attributes.owner()).isEqualTo(mine.owner());
        }
        for (Path file : List.of(files(alice().resolve(".Junk/new")).get(0), alice().resolve(".Junk/maildirfolder"))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(file.toString()).isEqualTo("rw-r-----");
        }
    }

    @Test
    void anUnknownUserOrGroupOrABadModeIsNamed() {
        assertThatThrownBy(() -> MailboxPermissions.of("no-such-user-here", "", "", "")).hasMessageContaining("no-such-user-here");
        assertThatThrownBy(() -> MailboxPermissions.of("", "no-such-group-here", "", "")).hasMessageContaining("no-such-group-here");
        assertThatThrownBy(() -> MailboxPermissions.of("", "", "rwx", "")).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<Path> files(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.toList();
        }
    }
}
