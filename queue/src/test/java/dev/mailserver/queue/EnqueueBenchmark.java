package dev.mailserver.queue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.james.core.MaybeSender;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

import dev.mailserver.core.Envelope;
import dev.mailserver.core.MessageContent;
import dev.mailserver.core.QueueId;
import dev.mailserver.core.queue.BounceComposer;
import dev.mailserver.core.queue.QueueFilter;
import dev.mailserver.core.testing.TestMail;

/**
 * Enqueue throughput of the RocksDB spool with its default settings (synced writes, 32 writer threads):
 * each benchmark thread is one SMTP session that enqueues a message and waits for its synced write, as
 * the listener does before answering 250. Run with {@code -Pbench}; see BENCHMARKS.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EnqueueBenchmark {
    @Param({"1024", "102400", "10485760"})
    public int messageBytes;

    private final Envelope envelope = new Envelope(MaybeSender.of(TestMail.ALICE), List.of(TestMail.BOB));
    private Path directory;
    private RocksDbMailQueue queue;
    private MessageContent content;

    @Setup(Level.Trial)
    public void open() throws IOException {
        directory = Files.createTempDirectory("enqueue-benchmark");
        queue = RocksDbMailQueue.open(directory, Clock.systemUTC(), QueueSettings.defaults(), BounceComposer.NONE);
        content = MessageContent.ofBytes(TestMail.randomBytes(messageBytes));
    }

    /** Keeps the spool from growing across iterations. */
    @TearDown(Level.Iteration)
    public void empty() throws IOException {
        queue.administration().delete(QueueFilter.ALL);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        queue.close();
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(EnqueueBenchmark::delete);
        }
    }

    @Benchmark
    @Threads(1)
    public void oneWriter() {
        enqueue();
    }

    @Benchmark
    @Threads(16)
    public void sixteenWriters() {
        enqueue();
    }

    @Benchmark
    @Threads(64)
    public void sixtyFourWriters() {
        enqueue();
    }

    private void enqueue() {
        queue.enqueue(QueueId.generate(), envelope, content).join();
    }

    private static void delete(Path file) {
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
