package dev.mailserver.storage.maildir;

import static dev.mailserver.storage.Addresses.address;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.mailserver.core.DeliveryResult.Outcome;
import dev.mailserver.core.DeliveryResult;
import dev.mailserver.core.MessageContent;
import dev.mailserver.core.QueueId;
import dev.mailserver.core.mailbox.LocalDelivery;
import dev.mailserver.storage.Deliveries;
import dev.mailserver.storage.directory.ConfiguredDirectory;
import dev.mailserver.storage.quota.MailboxQuota;

class MaildirStoreTest {
    private static final MailAddress POSTMASTER = address("postmaster@localhost");
    private static final String TRACE = "Return-Path: <sender@remote.test>\r\nDelivered-To: postmaster@localhost\r\n";

    @TempDir
    Path tempDir;

    private Path root() {
        return tempDir.resolve("mail");
    }

    private Path postmasterMaildir() {
        return root().resolve("localhost").resolve("postmaster");
    }

    private MaildirStore storeWithMailboxes(MailAddress... mailboxes) {
        return new MaildirStore(root(), new ConfiguredDirectory(Set.of(Domain.LOCALHOST), Set.of(mailboxes)));
    }

    @Test
    void deliversAByteExactCopyBelowTheTraceFieldsIntoNew() throws IOException {
        byte[] message = concat("Subject: caf\u00e9\r\n\r\nline one\r\n".getBytes(StandardCharsets.ISO_8859_1),
                new byte[] {(byte) 0xff, (byte) 0x80, 0, 'x', '\r', '\n'});

        DeliveryResult result = storeWithMailboxes(POSTMASTER).deliver(Deliveries.to(POSTMASTER), MessageContent.ofBytes(message));

        assertThat(result.outcome()).isEqualTo(Outcome.DELIVERED);
        List<Path> delivered = filesIn(postmasterMaildir().resolve("new"));
        byte[] expected = concat(TRACE.getBytes(StandardCharsets.US_ASCII), message);
        assertThat(delivered).singleElement().satisfies(file -> {
            assertThat(Files.readAllBytes(file)).isEqualTo(expected);
            assertThat(file.getFileName().toString()).endsWith(",S=" + expected.length);
            assertThat(result.detail()).contains(file.getFileName().toString());
        });
        assertThat(filesIn(postmasterMaildir().resolve("tmp"))).isEmpty();
        assertThat(postmasterMaildir().resolve("cur")).isEmptyDirectory();
    }

    @Test
    void aFolderIsAMaildirPlusPlusSubfolderAndAnUnsafeFolderNameIsRefused() throws IOException {
        MaildirStore store = storeWithMailboxes(POSTMASTER);
        MessageContent message = MessageContent.ofBytes("Subject: junk\r\n\r\nbuy\r\n".getBytes(StandardCharsets.US_ASCII));

        assertThat(store.deliver(Deliveries.to(POSTMASTER), MaildirStore.JUNK, message).outcome()).isEqualTo(Outcome.DELIVERED);

        assertThat(filesIn(postmasterMaildir().resolve(".Junk/new"))).hasSize(1);
        assertThat(postmasterMaildir().resolve("new")).doesNotExist();
        assertThatThrownBy(() -> store.deliver(Deliveries.to(POSTMASTER), "../other", message)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void deliversAMultiMebibyteMessageIntact() throws IOException {
        byte[] message = new byte[5 * 1024 * 1024 + 7];
        new Random(42).nextBytes(message);

        storeWithMailboxes(POSTMASTER).deliver(Deliveries.to(POSTMASTER), MessageContent.ofBytes(message));

        assertThat(filesIn(postmasterMaildir().resolve("new")))
                .singleElement()
                .satisfies(file -> assertThat(Arrays.mismatch(Files.readAllBytes(file), concat(TRACE.getBytes(StandardCharsets.US_ASCII), message)))
                    .isEqualTo(-1));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void concurrentDeliveriesToOneMailboxEachGetTheirOwnFile(boolean fileSystemSync) throws Exception {
        int deliveries = 50;
        MaildirStore store = new MaildirStore(root(), new ConfiguredDirectory(Set.of(Domain.LOCALHOST), Set.of(POSTMASTER)),
            MailboxPermissions.DEFAULT, MailboxQuota.NONE, fileSystemSync ? MaildirSync.fileSystem(root()) : MaildirSync.perFile());
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<DeliveryResult>> tasks = IntStream.range(0, deliveries)
                .<Callable<DeliveryResult>>mapToObj(i -> () -> {
                    start.await();
                    return store.deliver(Deliveries.to(POSTMASTER), MessageContent.ofBytes(("message " + i + "\r\n").getBytes(StandardCharsets.US_ASCII)));
                })
                .toList();

        List<Future<DeliveryResult>> results = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(deliveries)) {
            tasks.forEach(task -> results.add(threads.submit(task)));
            start.countDown();
            for (Future<DeliveryResult> result : results) {
                assertThat(result.get().outcome()).isEqualTo(Outcome.DELIVERED);
            }
        }

        List<String> contents = filesIn(postmasterMaildir().resolve("new")).stream().map(MaildirStoreTest::read).toList();
        assertThat(contents).containsExactlyInAnyOrderElementsOf(
                IntStream.range(0, deliveries).mapToObj(i -> TRACE + "message " + i + "\r\n").toList());
        assertThat(filesIn(postmasterMaildir().resolve("tmp"))).isEmpty();
    }

    @Test
    void aFileSystemSyncOfAPathThatIsGoneFailsNamingThePath() {
        Path gone = tempDir.resolve("gone");

        assertThatThrownBy(() -> new FileSystemSync(gone).sync()).isInstanceOf(IOException.class).hasMessageContaining(gone.toString());
    }

    @Test
    void unknownMailboxIsAPermanentFailureAndWritesNothing() throws IOException {
        Files.createDirectories(root());

        DeliveryResult result = storeWithMailboxes(POSTMASTER).deliver(Deliveries.to(address("nobody@localhost")), message());

        assertThat(result.outcome()).isEqualTo(Outcome.PERMANENT_FAILURE);
        assertThat(result.enhancedStatus()).isEqualTo("5.1.1");
        assertThat(root()).isEmptyDirectory();
    }

    @Test
    void mailboxesMatchInAnyCaseAndLiveInLowercaseDirectories() throws IOException {
        DeliveryResult result = storeWithMailboxes(POSTMASTER).deliver(Deliveries.to(address("PostMaster@LocalHost")), message());

        assertThat(result.outcome()).isEqualTo(Outcome.DELIVERED);
        assertThat(filesIn(postmasterMaildir().resolve("new"))).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/b@localhost", "a\\\\b@localhost", "\"a\\\0b\"@localhost", "\"a\u0001b\"@localhost"})
    void unsafeLocalPartsAreRefusedEvenWhenInTheDirectory(String unsafe) throws IOException {
        MailAddress recipient = address(unsafe);
        Files.createDirectories(root());

        DeliveryResult result = storeWithMailboxes(POSTMASTER, recipient).deliver(Deliveries.to(recipient), message());

        assertThat(result.outcome()).isEqualTo(Outcome.PERMANENT_FAILURE);
        assertThat(result.enhancedStatus()).isEqualTo("5.1.3");
        try (Stream<Path> everything = Files.walk(tempDir)) {
            assertThat(everything).containsExactlyInAnyOrder(tempDir, root());
        }
    }

    @Test
    void aLocalPartTooLongForADirectoryNameIsRefused() throws IOException {
        MailAddress recipient = address("x".repeat(256) + "@localhost");

        DeliveryResult result = storeWithMailboxes(recipient).deliver(Deliveries.to(recipient), message());

        assertThat(result.enhancedStatus()).isEqualTo("5.1.3");
        assertThat(root()).doesNotExist();
    }

    @Test
    void aFailingStreamLeavesNoFileBehind() {
        MessageContent failing = new MessageContent() {
            @Override
            public long size() {
                return 10_000;
            }

            @Override
            public InputStream openStream() {
                byte[] header = "Subject: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
                return new InputStream() {
                    private int position;

                    @Override
                    public int read() throws IOException {
                        if (position == 5_000) {
                            throw new IOException("No space left on device");
                        }
                        position++;
                        return position <= header.length ? header[position - 1] : 'x';
                    }
                };
            }
        };

        assertThatThrownBy(() -> storeWithMailboxes(POSTMASTER).deliver(Deliveries.to(POSTMASTER), failing))
                .isInstanceOf(IOException.class)
                .hasMessage("No space left on device");
        assertThat(postmasterMaildir().resolve("tmp")).isEmptyDirectory();
        assertThat(postmasterMaildir().resolve("new")).isEmptyDirectory();
    }

    @Test
    void contentShorterThanItsDeclaredSizeIsNotDelivered() {
        MessageContent truncated = new MessageContent() {
            @Override
            public long size() {
                return 200;
            }

            @Override
            public InputStream openStream() {
                return new ByteArrayInputStream(new byte[100]);
            }
        };

        assertThatThrownBy(() -> storeWithMailboxes(POSTMASTER).deliver(Deliveries.to(POSTMASTER), truncated))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("declared size");
        assertThat(postmasterMaildir().resolve("tmp")).isEmptyDirectory();
        assertThat(postmasterMaildir().resolve("new")).isEmptyDirectory();
    }

    @Test
    void theReturnPathOfTheNullSenderIsEmpty() throws IOException {
        LocalDelivery bounce = new LocalDelivery(QueueId.generate(), MaybeSender.nullSender(), POSTMASTER, Instant.now(), false);

        storeWithMailboxes(POSTMASTER).deliver(bounce, message());

        assertThat(filesIn(postmasterMaildir().resolve("new"))).singleElement()
            .satisfies(file -> assertThat(read(file)).startsWith("Return-Path: <>\r\nDelivered-To: postmaster@localhost\r\nSubject: hi\r\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Delivered-To: postmaster@localhost", "delivered-to: <PostMaster@LocalHost>", "Delivered-To:\r\n postmaster@localhost"})
    void aMessageDeliveredToTheMailboxBeforeIsALoop(String field) throws IOException {
        MessageContent looping = MessageContent.ofBytes(("Received: by mx.test\r\n" + field + "\r\nSubject: hi\r\n\r\nhello\r\n")
            .getBytes(StandardCharsets.US_ASCII));

        DeliveryResult result = storeWithMailboxes(POSTMASTER).deliver(Deliveries.to(POSTMASTER), looping);

        assertThat(result.outcome()).isEqualTo(Outcome.PERMANENT_FAILURE);
        assertThat(result.enhancedStatus()).isEqualTo("5.4.6");
        assertThat(root()).doesNotExist();
    }

    @Test
    void aDeliveredToForAnotherMailboxOrInTheBodyIsNoLoop() throws IOException {
        MessageContent forwarded = MessageContent.ofBytes(("Delivered-To: alice@example.test\r\nSubject: hi\r\n\r\n"
            + "Delivered-To: postmaster@localhost\r\n").getBytes(StandardCharsets.US_ASCII));

        DeliveryResult result = storeWithMailboxes(POSTMASTER).deliver(Deliveries.to(POSTMASTER), forwarded);

        assertThat(result.outcome()).isEqualTo(Outcome.DELIVERED);
    }

    @Test
    void aRepeatedDeliveryFindsTheCopyAReaderHasMovedToCurAndStoresNoOther() throws IOException {
        MaildirStore store = storeWithMailboxes(POSTMASTER);
        LocalDelivery first = Deliveries.to(POSTMASTER);
        store.deliver(first, message());
        Path stored = filesIn(postmasterMaildir().resolve("new")).get(0);
        Path read = Files.move(stored, postmasterMaildir().resolve("cur").resolve(stored.getFileName() + ",W=60:2,S"));
        LocalDelivery repeated = new LocalDelivery(first.queueId(), first.sender(), POSTMASTER, first.arrivedAt(), true);

        DeliveryResult result = store.deliver(repeated, message());

        assertThat(result.outcome()).isEqualTo(Outcome.DELIVERED);
        assertThat(result.detail()).isEqualTo("stored before as " + root().relativize(read));
        assertThat(filesIn(postmasterMaildir().resolve("new"))).isEmpty();
        assertThat(filesIn(postmasterMaildir().resolve("cur"))).containsExactly(read);
    }

    /** A delivery on arrival stores a copy a moment before the queue, giving the message its own arrival time, takes it for the rest. */
    @Test
    void aRepeatedDeliveryFindsTheEarlierCopyAlsoWhenItsArrivalTimeIsLater() throws IOException {
        MaildirStore store = storeWithMailboxes(POSTMASTER);
        LocalDelivery onArrival = Deliveries.to(POSTMASTER);
        store.deliver(onArrival, message());
        Path stored = filesIn(postmasterMaildir().resolve("new")).get(0);
        LocalDelivery queued = new LocalDelivery(onArrival.queueId(), onArrival.sender(), POSTMASTER,
            onArrival.arrivedAt().plusSeconds(1), true);

        DeliveryResult result = store.deliver(queued, message());

        assertThat(result.detail()).isEqualTo("stored before as " + root().relativize(stored));
        assertThat(filesIn(postmasterMaildir().resolve("new"))).containsExactly(stored);
    }

    @Test
    void aRepeatedDeliveryWithoutAnEarlierCopyStoresOneOverwritingWhatTheEarlierAttemptLeftInTmp() throws IOException {
        LocalDelivery repeated = new LocalDelivery(QueueId.generate(), Deliveries.SENDER, POSTMASTER, Instant.now(), true);
        MaildirStore store = storeWithMailboxes(POSTMASTER);
        store.deliver(Deliveries.to(POSTMASTER), message());
        Path halfWritten = postmasterMaildir().resolve("tmp")
            .resolve(MaildirFileNames.forLocalHost().name(repeated, TRACE.length() + message().size()));
        Files.writeString(halfWritten, "Return-Path: <sen");

        DeliveryResult result = store.deliver(repeated, message());

        assertThat(result.detail()).startsWith("stored as ");
        assertThat(filesIn(postmasterMaildir().resolve("new"))).hasSize(2)
            .anySatisfy(file -> assertThat(file.getFileName().toString()).contains(MaildirFileNames.queueIdPart(repeated)));
        assertThat(filesIn(postmasterMaildir().resolve("tmp"))).isEmpty();
    }

    private static MessageContent message() {
        return MessageContent.ofBytes("Subject: hi\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private static List<Path> filesIn(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.toList();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] concat(byte[] first, byte[] second) {
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        both.writeBytes(first);
        both.writeBytes(second);
        return both.toByteArray();
    }
}
