package dev.mailserver.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.mailserver.core.testing.Await;
import dev.mailserver.core.testing.RequiredTool;
import dev.mailserver.smtp.testing.FileAccesses;
import dev.mailserver.smtp.testing.SmtpTestClient;
import dev.mailserver.smtp.testing.Undeletable;

/**
 * Messages far beyond the 64 KiB kept in memory, which go on into a scratch file of the incoming spool
 * while they arrive: sent at the same time by python's smtplib, they are queued byte for byte (each file
 * moved into the spool as the message's content), and the files are written by the spool's writer
 * threads, never by a netty IO thread.
 */
class LargeMessagesTest extends MtaListenerTest {
    private static final int MESSAGES = 4;
    private static final int MESSAGE_BYTES = 3 * 1024 * 1024;
    private static final String SEND = """
        import smtplib, sys, threading
        host, port, files = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
        replies = {}
        def send(index, path):
            with open(path, 'rb') as f:
                content = f.read()
            with smtplib.SMTP(host, port, timeout=60) as client:
                client.ehlo('client.test')
                client.mail('bob@remote.test')
                client.rcpt('alice@example.test')
                code, text = client.data(content)
                replies[index] = '%d %s' % (code, text.decode())
        threads = [threading.Thread(target=send, args=(i, p)) for i, p in enumerate(files)]
        for t in threads: t.start()
        for t in threads: t.join()
        for i in range(len(files)): print(replies.get(i, 'no reply'))
        """;

    LargeMessagesTest() {
        super(TlsMode.NONE);
    }

    @Test
    void severalMultiMebibyteMessagesSentAtOnceAreQueuedByteForByteWithoutFileIoOnTheIoThreads() throws Exception {
        Path python = RequiredTool.program("python3");
        List<Path> messages = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            messages.add(Files.write(root.resolve("message-" + i + ".eml"), message(i)));
        }
        Path script = Files.writeString(root.resolve("send.py"), SEND);
        List<String> command = new ArrayList<>(List.of(python.toString(), script.toString(), "127.0.0.1", String.valueOf(mta.getPort())));
        messages.forEach(message -> command.add(message.toString()));

        List<String> replies;
        List<FileAccesses.Access> accesses;
        try (FileAccesses recorded = FileAccesses.record(root.resolve("file-accesses.jfr"))) {
            replies = run(command);
            Await.until(() -> fileCount(root.resolve("incoming")) == 0, Duration.ofSeconds(10));
            accesses = recorded.under(root.resolve("incoming"));
        }

        assertThat(replies).hasSize(MESSAGES).allSatisfy(reply -> assertThat(reply).startsWith("250 2.0.0 Ok: queued as "));
        for (int i = 0; i < MESSAGES; i++) {
            byte[] sent = Files.readAllBytes(messages.get(i));
            byte[] queued = fixture.content(replies.get(i)).getBytes(StandardCharsets.ISO_8859_1);
            assertThat(queued.length).as("message %d: the Received field and the content", i).isGreaterThan(sent.length);
            assertThat(new String(queued, queued.length - sent.length, sent.length, StandardCharsets.ISO_8859_1))
                .as("message %d", i).isEqualTo(new String(sent, StandardCharsets.ISO_8859_1));
            assertThat(root.resolve("spool").resolve("content").resolve(fixture.queued(replies.get(i)).id().value()))
                .as("message %d: the received file, moved into the spool as its content", i).exists();
        }
        assertThat(accesses).as("what the writer threads wrote").filteredOn(access -> access.kind().equals("write"))
            .extracting(FileAccesses.Access::thread).isNotEmpty().allSatisfy(thread -> assertThat(thread).startsWith("incoming-writer-"));
        assertThat(accesses).as("accesses to the incoming files by netty IO threads")
            .noneSatisfy(access -> assertThat(access.thread()).startsWith("smtp-"));
    }

    @Test
    void aMessageWhoseScratchFileCannotBeWrittenIsRefusedWith452AndTheSessionGoesOn() throws Exception {
        Path incoming = root.resolve("incoming");
        try (SmtpTestClient client = SmtpTestClient.greeted(mta)) {
            client.command("MAIL FROM:<bob@remote.test>");
            client.command("RCPT TO:<alice@example.test>");
            assertThat(client.command("DATA")).startsWith("354");
            String reply;
            try (Undeletable ignored = Undeletable.entriesOf(incoming)) {
                // More than the 64 KiB kept in memory, in a directory where no file can be made.
                client.send("Subject: lost\r\n\r\n" + "body\r\n".repeat(30_000));
                client.send(".\r\n");
                reply = client.reply();
            }
            assertThat(reply).startsWith("452 4.3.1");
            assertThat(client.command("NOOP")).startsWith("250");
            assertThat(client.sendMessage("bob@remote.test", "alice@example.test", "Subject: kept\r\n\r\n" + "body\r\n".repeat(30_000)))
                .as("the next message, once the directory is writable again").startsWith("250 2.0.0 Ok: queued as ");
        }
        assertThat(fixture.queue().size()).isEqualTo(1);
    }

    /** Lines of varied length and bytes, some starting with a dot (dot-stuffed on the wire), CRLF line ends. */
    private static byte[] message(int index) {
        Random random = new Random(index);
        StringBuilder content = new StringBuilder("Subject: large " + index + "\r\n\r\n");
        while (content.length() < MESSAGE_BYTES) {
            int length = random.nextInt(990);
            StringBuilder line = new StringBuilder(random.nextInt(20) == 0 ? "." : "");
            for (int i = 0; i < length; i++) {
                line.append((char) (' ' + random.nextInt(95)));
            }
            content.append(line).append("\r\n");
        }
        return content.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static List<String> run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output;
        try {
            output = process.getInputStream().readAllBytes();
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("python finished").isTrue();
        } finally {
            process.destroyForcibly();
        }
        String text = new String(output, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(text).isZero();
        return text.lines().toList();
    }

    private static long fileCount(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
