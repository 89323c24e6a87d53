package dev.mailserver.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.core.Envelope;
import dev.mailserver.core.MessageContent;
import dev.mailserver.core.QueueId;

/** A spool whose write-ahead log was damaged while the server was stopped, on real RocksDB files. */
class DamagedLogTest {
    @TempDir
    Path dir;

    @Test
    void whatRocksDbDropsOfADamagedLogIsNoticedWithItsByteCount() throws Exception {
        try (RocksDbMailQueue queue = RocksDbMailQueue.open(dir, Clock.systemUTC())) {
            for (int i = 0; i < 20; i++) {
                queue.enqueue(QueueId.generate(), new Envelope(MaybeSender.getMailSender("a@remote.test"), List.of(new MailAddress("b@example.test"))),
                    MessageContent.ofBytes(("Subject: " + i + "\r\n\r\n" + "x".repeat(500) + "\r\n").getBytes(StandardCharsets.US_ASCII))).get();
            }
        }
        damageTheMiddleOfTheNewestLog();

        try (RocksDbMailQueue queue = RocksDbMailQueue.open(dir, Clock.systemUTC())) {
            assertThat(queue.droppedLogBytes()).as("what RocksDB dropped is noticed").isPositive();
            assertThat(queue.size()).isLessThan(20);
        }
        try (RocksDbMailQueue queue = RocksDbMailQueue.open(dir, Clock.systemUTC())) {
            assertThat(queue.droppedLogBytes()).as("a whole log the next time").isZero();
        }
    }

    private void damageTheMiddleOfTheNewestLog() throws Exception {
        Path log;
        try (Stream<Path> files = Files.list(dir)) {
            log = files.filter(file -> file.getFileName().toString().matches("\\d+\\.log")).max(Comparator.naturalOrder()).orElseThrow();
        }
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "rw")) {
            file.seek(file.length() / 2);
            file.write("sixteen bytes!!!".getBytes(StandardCharsets.US_ASCII));
        }
    }
}
