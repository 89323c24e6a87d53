package dev.mailserver.storage.sieve;

import static dev.mailserver.storage.Addresses.address;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.core.DeliveryResult;
import dev.mailserver.core.MessageContent;
import dev.mailserver.core.OutgoingMessage;
import dev.mailserver.core.mailbox.Forwarding;
import dev.mailserver.core.mailbox.LocalDelivery;
import dev.mailserver.storage.Deliveries;
import dev.mailserver.storage.directory.ConfiguredDirectory;
import dev.mailserver.storage.maildir.MaildirStore;

/** A delivery repeated after a crash (same queue id, {@code maybeRepeated}) stores no second copy in any folder and gives the same follow-ups. */
class SieveStoreTest {
    private static final MailAddress ALICE = address("alice@localhost");
    private static final MessageContent MESSAGE = MessageContent.ofBytes(
        "To: alice@localhost\r\nSubject: hello\r\nMessage-ID: <1@remote.test>\r\n\r\nhi\r\n".getBytes(StandardCharsets.US_ASCII));

    @TempDir
    Path dir;

    private SieveStore store(Clock clock) {
        MaildirStore maildirs = new MaildirStore(dir.resolve("mail"), new ConfiguredDirectory(Set.of(Domain.LOCALHOST), Set.of(ALICE)));
        return new SieveStore(new SieveScripts(dir.resolve("sieve")), maildirs, Forwarding.KEEP_SENDER, "+", clock);
    }

    private long files(Path maildir) throws IOException {
        long count = 0;
        for (String sub : List.of("new", "cur")) {
            try (Stream<Path> files = Files.list(maildir.resolve(sub))) {
                count += files.count();
            }
        }
        return count;
    }

    @Test
    void aRepeatedDeliveryStoresOnceInEachFolderAndRepeatsItsRedirectAndVacationReply() throws Exception {
        new SieveScripts(dir.resolve("sieve")).put(ALICE, "main", """
            require ["fileinto", "copy", "mailbox", "vacation", "imap4flags"];
            fileinto :copy :create :flags "\\\\Seen" "Archive";
            redirect :copy "bob@remote.test";
            vacation "away";
            """);
        new SieveScripts(dir.resolve("sieve")).activate(ALICE, "main");
        SieveStore store = store(Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC));
        LocalDelivery first = Deliveries.to(ALICE);
        LocalDelivery repeated = new LocalDelivery(first.queueId(), first.sender(), ALICE, first.arrivedAt(), true);

        DeliveryResult once = store.deliver(first, MESSAGE);
        DeliveryResult again = store.deliver(repeated, MESSAGE);

        assertThat(files(dir.resolve("mail/localhost/alice"))).isEqualTo(1);
        assertThat(files(dir.resolve("mail/localhost/alice/.Archive"))).isEqualTo(1);
        for (DeliveryResult result : List.of(once, again)) {
            assertThat(result.outcome()).isEqualTo(DeliveryResult.Outcome.DELIVERED);
            assertThat(result.followUps()).extracting(OutgoingMessage::envelope).extracting(envelope -> envelope.recipients().toString())
                .containsExactly("[bob@remote.test]", "[" + Deliveries.SENDER.asString() + "]");
        }
        DeliveryResult next = store.deliver(Deliveries.to(ALICE), MESSAGE);
        assertThat(next.followUps()).as("no second vacation reply to the sender").hasSize(1);
    }

    @Test
    void aMessageThatWasDeliveredToTheMailboxBeforeIsNotFilteredAgainButRefusedAsALoop() throws Exception {
        new SieveScripts(dir.resolve("sieve")).put(ALICE, "main", "redirect \"bob@remote.test\";\n");
        new SieveScripts(dir.resolve("sieve")).activate(ALICE, "main");
        MessageContent redirectedBack = MessageContent.ofBytes(("Delivered-To: bob@remote.test\r\nDelivered-To: alice@localhost\r\n"
            + "Subject: loop\r\n\r\nhi\r\n").getBytes(StandardCharsets.US_ASCII));

        DeliveryResult result = store(Clock.systemUTC()).deliver(Deliveries.to(ALICE), redirectedBack);

        assertThat(result.enhancedStatus()).isEqualTo("5.4.6");
        assertThat(result.followUps()).isEmpty();
    }

    @Test
    void keepStoresWhereTheDeliveryWasBoundButFileintoInboxIntoTheInboxAndBothMakeOneCopy() throws Exception {
        SieveScripts scripts = new SieveScripts(dir.resolve("sieve"));
        scripts.put(ALICE, "main", "require \"fileinto\";\nkeep;\nfileinto \"inbox\";\n");
        scripts.activate(ALICE, "main");
        SieveStore store = store(Clock.systemUTC());

        store.deliver(Deliveries.to(ALICE), "Junk", MESSAGE);
        store.deliver(Deliveries.to(ALICE), MESSAGE);

        assertThat(files(dir.resolve("mail/localhost/alice/.Junk"))).isEqualTo(1);
        assertThat(files(dir.resolve("mail/localhost/alice"))).isEqualTo(2);
    }
}
