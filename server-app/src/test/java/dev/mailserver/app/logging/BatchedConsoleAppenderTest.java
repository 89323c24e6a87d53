package dev.mailserver.app.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.util.LogbackMDCAdapter;

import dev.mailserver.core.testing.Await;

/** The lines that threads log come out whole, each once, each thread's in its order, also under load and at a stop. */
class BatchedConsoleAppenderTest {
    private final LoggerContext context = new LoggerContext();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final BatchedConsoleAppender appender = new BatchedConsoleAppender(out);
    private final Logger logger = context.getLogger("test");

    BatchedConsoleAppenderTest() {
        context.setMDCAdapter(new LogbackMDCAdapter());
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%msg%n");
        encoder.start();
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.start();
        logger.addAppender(appender);
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void everyLineOfManyThreadsIsWrittenOnceInEachThreadsOrderAndTheQueuedOnesAtTheStop() throws Exception {
        int threads = 4;
        int linesEach = BatchedConsoleAppender.QUEUED_LINES;
        try (ExecutorService loggers = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> logged = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                logged.add(loggers.submit(() -> {
                    for (int i = 0; i < linesEach; i++) {
                        logger.info("thread {} line {}", thread, i);
                    }
                }));
            }
            for (Future<?> done : logged) {
                done.get();
            }
        }
        appender.stop();

        List<String> lines = Arrays.asList(out.toString(StandardCharsets.UTF_8).split("\n"));
        assertThat(lines).hasSize(threads * linesEach);
        for (int t = 0; t < threads; t++) {
            String prefix = "thread " + t + " line ";
            List<Integer> numbers = lines.stream().filter(line -> line.startsWith(prefix))
                .map(line -> Integer.parseInt(line.substring(prefix.length()))).toList();
            assertThat(numbers).as("thread " + t).hasSize(linesEach).isSorted().doesNotHaveDuplicates();
        }
    }

    @Test
    void aLoneLineIsWrittenWithoutWaitingForTheStop() throws Exception {
        logger.info("first");
        Await.until(() -> out.toString(StandardCharsets.UTF_8).equals("first\n"), Duration.ofSeconds(10));
        logger.info("second, after a quiet spell");
        Await.until(() -> out.toString(StandardCharsets.UTF_8).equals("first\nsecond, after a quiet spell\n"), Duration.ofSeconds(10));
    }
}
