package dev.mailserver.queue;

import static dev.mailserver.core.testing.TestMail.ALICE;
import static dev.mailserver.core.testing.TestMail.BOB;
import static dev.mailserver.core.testing.TestMail.envelopeTo;
import static dev.mailserver.core.testing.TestMail.randomBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.apache.james.core.MaybeSender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.core.DeliveryResult;
import dev.mailserver.core.Envelope;
import dev.mailserver.core.FileBackedContent;
import dev.mailserver.core.MessageContent;
import dev.mailserver.core.OutgoingMessage;
import dev.mailserver.core.QueueId;
import dev.mailserver.core.queue.BounceComposer;
import dev.mailserver.core.queue.MessageHeader;
import dev.mailserver.core.queue.QueueFilter;
import dev.mailserver.core.queue.QueuedMail;
import dev.mailserver.core.queue.RecipientResult;
import dev.mailserver.core.queue.RecipientState;
import dev.mailserver.core.testing.Await;

/**
 * Large content received into a file: the queue takes the file over as {@code content/<id>} instead of
 * copying it into RocksDB, reads it back from there, deletes it after its record, and sweeps files that
 * lost their record in a crash.
 */
class ContentFilesTest {
    private static final int SIZE = 300 * 1024;

    @TempDir
    Path root;
    private Path spool;
    private RocksDbMailQueue queue;

    @BeforeEach
    void open() throws IOException {
        spool = root.resolve("spool");
        queue = RocksDbMailQueue.open(spool, Clock.systemUTC(), QueueSettings.defaults(), new ReturningTheContent());
    }

    @AfterEach
    void close() {
        queue.close();
    }

    @Test
    void theReceivedFileBecomesTheContentFileAndReadsBackWithItsReplacedHead() throws Exception {
        byte[] received = ("Subject: old\r\n\r\n" + "body line\r\n".repeat(SIZE / 11)).getBytes(StandardCharsets.US_ASCII);
        Path file = Files.write(root.resolve("received"), received);
        byte[] head = "Authentication-Results: mx.example.test; dkim=pass\r\nSubject: new\r\n".getBytes(StandardCharsets.US_ASCII);
        QueueId id = enqueue(new ReceivedFile(file, head, "Subject: old\r\n".length()));

        byte[] expected = concat(head, Arrays.copyOfRange(received, "Subject: old\r\n".length(), received.length));
        assertThat(stored(id)).isEqualTo(expected);
        assertThat(queue.find(id).orElseThrow().size()).isEqualTo(expected.length);
        assertThat(file).as("moved, not copied").doesNotExist();
        assertThat(spool.resolve("content").resolve(id.value())).hasBinaryContent(received);
        assertThat(queue.administration().show(id).orElseThrow().headers()).as("queue show reads the header from the chunks")
            .extracting(MessageHeader::name).containsExactly("Authentication-Results", "Subject");
    }

    @Test
    void aFileWithoutAReplacedHeadIsTheWholeContent() throws Exception {
        byte[] received = randomBytes(SIZE);
        QueueId id = enqueue(new ReceivedFile(Files.write(root.resolve("received"), received), new byte[0], 0));

        assertThat(stored(id)).isEqualTo(received);
        queue.close();
        queue = RocksDbMailQueue.open(spool, Clock.systemUTC());
        assertThat(stored(id)).as("after a restart").isEqualTo(received);
    }

    @Test
    void theContentFileGoesWhenTheMessageIsDeliveredAndWhenAnAdministratorDeletesIt() throws Exception {
        QueueId delivered = enqueue(new ReceivedFile(Files.write(root.resolve("one"), randomBytes(SIZE)), new byte[0], 0));
        QueueId deleted = enqueue(new ReceivedFile(Files.write(root.resolve("two"), randomBytes(SIZE)), new byte[0], 0));
        Path content = spool.resolve("content");
        assertThat(content.resolve(delivered.value())).exists();

        QueuedMail leased = queue.leaseDue(Instant.now().plusSeconds(1), 10).stream().filter(mail -> mail.id().equals(delivered))
            .findFirst().orElseThrow();
        queue.recordAttempt(leased.id(), List.of(new RecipientResult(BOB, DeliveryResult.delivered("250 ok"))), Instant.now());
        assertThat(content.resolve(delivered.value())).doesNotExist();

        assertThat(queue.administration().delete(QueueFilter.id(deleted))).containsExactly(deleted);
        assertThat(content).isEmptyDirectory();
        assertThat(queue.size()).isZero();
    }

    /** The record's deletion is not synced by itself: the file waits for the next synced write, here an enqueue. */
    @Test
    void theContentFileOfARepeatableAttemptGoesWithTheNextSyncedWrite() throws Exception {
        QueueId id = enqueue(new ReceivedFile(Files.write(root.resolve("received"), randomBytes(SIZE)), new byte[0], 0));
        QueuedMail leased = queue.leaseDue(Instant.now().plusSeconds(1), 10).get(0);

        queue.recordRepeatableAttempt(leased.id(), List.of(new RecipientResult(BOB, DeliveryResult.delivered("stored"))), Instant.now());
        assertThat(queue.find(id)).isEmpty();
        queue.enqueue(QueueId.generate(), envelopeTo(ALICE), MessageContent.ofBytes(randomBytes(100))).get(10, TimeUnit.SECONDS);

        assertThat(spool.resolve("content").resolve(id.value())).doesNotExist();
    }

    /** Without any other write, the spool syncs by itself soon after, and the file goes. */
    @Test
    void theContentFileOfARepeatableAttemptGoesSoonWithoutAnotherWrite() throws Exception {
        QueueId id = enqueue(new ReceivedFile(Files.write(root.resolve("received"), randomBytes(SIZE)), new byte[0], 0));
        QueuedMail leased = queue.leaseDue(Instant.now().plusSeconds(1), 10).get(0);

        queue.recordRepeatableAttempt(leased.id(), List.of(new RecipientResult(BOB, DeliveryResult.delivered("stored"))), Instant.now());

        Path file = spool.resolve("content").resolve(id.value());
        Await.until(() -> !Files.exists(file), Duration.ofSeconds(10));
        assertThat(queue.find(id)).isEmpty();
    }

    @Test
    void aBounceQuotesTheOriginalFromItsContentFile() throws Exception {
        byte[] received = ("Subject: big\r\n\r\n" + "line of the body\r\n".repeat(20_000)).getBytes(StandardCharsets.US_ASCII);
        QueueId id = enqueue(new ReceivedFile(Files.write(root.resolve("received"), received), new byte[0], 0));
        QueuedMail leased = queue.leaseDue(Instant.now().plusSeconds(1), 10).get(0);

        queue.recordAttempt(leased.id(), List.of(new RecipientResult(BOB, DeliveryResult.permanentFailure("5.1.1", "no such user"))),
            Instant.now());

        QueuedMail bounce = queue.leaseDue(Instant.now().plusSeconds(1), 10).get(0);
        assertThat(bounce.id()).isNotEqualTo(id);
        assertThat(new String(stored(bounce.id()), StandardCharsets.US_ASCII)).endsWith(new String(received, StandardCharsets.US_ASCII));
        assertThat(queue.administration().show(bounce.id())).isPresent();
        assertThat(spool.resolve("content")).as("the original's file is gone with it").isEmptyDirectory();
    }

    @Test
    void filesWithoutARecordAreRemovedWhenTheQueueOpensAndTheOthersKept() throws Exception {
        byte[] received = randomBytes(SIZE);
        QueueId kept = enqueue(new ReceivedFile(Files.write(root.resolve("received"), received), new byte[0], 0));
        Path content = spool.resolve("content");
        Path orphan = Files.write(content.resolve(QueueId.generate().value()), randomBytes(1000));
        Path stray = Files.write(content.resolve("not-a-queue-id"), randomBytes(10));
        queue.close();

        queue = RocksDbMailQueue.open(spool, Clock.systemUTC());

        assertThat(orphan).doesNotExist();
        assertThat(stray).doesNotExist();
        assertThat(stored(kept)).isEqualTo(received);
    }

    @Test
    void aMissingContentFileReadsAsContentThatHasLeftTheQueue() throws Exception {
        QueueId id = enqueue(new ReceivedFile(Files.write(root.resolve("received"), randomBytes(SIZE)), new byte[0], 0));
        Files.delete(spool.resolve("content").resolve(id.value()));

        assertThatThrownBy(() -> stored(id)).isInstanceOf(IOException.class).hasMessageContaining("missing");
    }

    @Test
    void smallContentStaysInTheDatabase() throws Exception {
        QueueId id = enqueue(MessageContent.ofBytes("Subject: small\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII)));

        assertThat(new String(stored(id), StandardCharsets.US_ASCII)).isEqualTo("Subject: small\r\n\r\nbody\r\n");
        assertThat(spool.resolve("content")).isEmptyDirectory();
    }

    private QueueId enqueue(MessageContent content) throws Exception {
        QueueId id = QueueId.generate();
        queue.enqueue(id, envelopeTo(BOB), content).get(30, TimeUnit.SECONDS);
        return id;
    }

    private byte[] stored(QueueId id) throws IOException {
        try (InputStream in = queue.content(id).openStream()) {
            return in.readAllBytes();
        }
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    /** A message as the SMTP listener hands it over when its content outgrew memory. */
    private record ReceivedFile(Path file, byte[] head, long skippedBytes, long size) implements FileBackedContent {
        ReceivedFile(Path file, byte[] head, long skippedBytes) throws IOException {
            this(file, head, skippedBytes, head.length + Files.size(file) - skippedBytes);
        }

        @Override
        public InputStream openStream() throws IOException {
            InputStream rest = Files.newInputStream(file);
            rest.skipNBytes(skippedBytes);
            return new SequenceInputStream(new ByteArrayInputStream(head), rest);
        }
    }

    /** Bounces to the sender with the whole original after a line of text, as a DSN returning the full message does. */
    private static final class ReturningTheContent implements BounceComposer {
        @Override
        public Optional<OutgoingMessage> compose(QueuedMail mail, List<RecipientState> failed, MessageContent content) throws IOException {
            if (mail.sender().isNullSender()) {
                return Optional.empty();
            }
            try (InputStream in = content.openStream()) {
                byte[] original = in.readAllBytes();
                return Optional.of(new OutgoingMessage(new Envelope(MaybeSender.nullSender(), List.of(ALICE)),
                    MessageContent.ofBytes(concat("Subject: returned\r\n\r\n".getBytes(StandardCharsets.US_ASCII), original))));
            }
        }
    }
}
