package dev.mailserver.delivery;

import static dev.mailserver.core.testing.TestMail.BOB;
import static dev.mailserver.core.testing.TestMail.envelopeTo;
import static dev.mailserver.core.testing.TestMail.randomBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.core.DeliveryResult;
import dev.mailserver.core.MessageContent;
import dev.mailserver.core.QueueId;
import dev.mailserver.core.queue.RecipientResult;
import dev.mailserver.core.testing.MutableClock;
import dev.mailserver.queue.RocksDbMailQueue;

/**
 * A small message is read from the real spool once per attempt, a large one every time: seen by reading the
 * content again after the message has left the spool.
 */
class ContentReadOnceTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path directory;
    private RocksDbMailQueue queue;

    @BeforeEach
    void open() throws IOException {
        queue = RocksDbMailQueue.open(directory, new MutableClock(NOW));
    }

    @AfterEach
    void close() {
        queue.close();
    }

    @Test
    void aSmallMessageReadOnceCanBeReadAgainAfterItLeftTheSpool() throws Exception {
        byte[] body = randomBytes(ContentReadOnce.MEMORY_LIMIT);
        QueueId id = enqueue(body);
        MessageContent content = ContentReadOnce.of(queue.content(id));

        assertThat(read(content)).isEqualTo(body);
        deliver(id);

        assertThat(read(content)).isEqualTo(body);
        assertThat(read(content)).isEqualTo(body);
    }

    @Test
    void aLargerMessageIsReadFromTheSpoolEachTime() throws Exception {
        byte[] body = randomBytes(ContentReadOnce.MEMORY_LIMIT + 1);
        QueueId id = enqueue(body);
        MessageContent content = ContentReadOnce.of(queue.content(id));

        assertThat(read(content)).isEqualTo(body);
        deliver(id);

        assertThatThrownBy(() -> read(content)).isInstanceOf(IOException.class);
    }

    private QueueId enqueue(byte[] body) throws Exception {
        QueueId id = QueueId.generate();
        queue.enqueue(id, envelopeTo(BOB), MessageContent.ofBytes(body)).get(30, TimeUnit.SECONDS);
        return id;
    }

    private void deliver(QueueId id) throws IOException {
        assertThat(queue.leaseDue(NOW, 10)).hasSize(1);
        queue.recordAttempt(id, List.of(new RecipientResult(BOB, DeliveryResult.delivered("250 ok"))), NOW);
    }

    private static byte[] read(MessageContent content) throws IOException {
        try (InputStream in = content.openStream()) {
            return in.readAllBytes();
        }
    }
}
