package dev.mailserver.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.HdrHistogram.Histogram;

/**
 * An SMTP load client: {@code sessions} connections send {@code messages} messages between them, with
 * or without pipelining (MAIL, RCPT and DATA in one write), STARTTLS and AUTH PLAIN, optionally paced at
 * a fixed rate. Records the time from the end of DATA to its reply, and of each whole transaction, in
 * HdrHistogram histograms. Prints one line of {@code key=value} results.
 */
public final class LoadClient {
    private static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(10);

    private final LoadOptions options;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicBoolean errorSeen = new AtomicBoolean();
    private volatile String firstErrorText = "";
    private long startNanos;

    private LoadClient(LoadOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        LoadOptions options;
        try {
            options = LoadOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(LoadOptions.USAGE);
            System.exit(2);
            return;
        }
        String result = options.idle() > 0 ? IdleSessions.run(options) : new LoadClient(options).run();
        System.out.println(result);
    }

    private String run() throws InterruptedException {
        Histogram dataLatency = new Histogram(MAX_MICROS, 3);
        Histogram transactionLatency = new Histogram(MAX_MICROS, 3);
        long startMillis = System.currentTimeMillis();
        startNanos = System.nanoTime();
        List<Thread> sessions = new ArrayList<>();
        List<Histogram[]> perSession = new ArrayList<>();
        for (int i = 0; i < options.sessions(); i++) {
            Histogram[] histograms = {new Histogram(MAX_MICROS, 3), new Histogram(MAX_MICROS, 3)};
            perSession.add(histograms);
            int session = i;
            sessions.add(Thread.ofVirtual().name("session-" + i).start(() -> runSession(session, histograms[0], histograms[1])));
        }
        for (Thread session : sessions) {
            session.join();
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        perSession.forEach(histograms -> {
            dataLatency.add(histograms[0]);
            transactionLatency.add(histograms[1]);
        });
        return String.format(Locale.ROOT,
            "start_ms=%d accepted=%d failed=%d seconds=%.3f rate=%.1f data_p50_ms=%.3f data_p90_ms=%.3f data_p99_ms=%.3f data_max_ms=%.3f "
                + "txn_p50_ms=%.3f txn_p99_ms=%.3f txn_max_ms=%.3f first_error=\"%s\"",
            startMillis, accepted.get(), failed.get(), seconds, accepted.get() / seconds,
            ms(dataLatency, 50), ms(dataLatency, 90), ms(dataLatency, 99), dataLatency.getMaxValue() / 1000.0,
            ms(transactionLatency, 50), ms(transactionLatency, 99), transactionLatency.getMaxValue() / 1000.0,
            firstErrorText.replace('"', '\''));
    }

    private static double ms(Histogram histogram, double percentile) {
        return histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    /** Sends messages until all are taken, opening the connection again after an error or the per-connection limit. */
    private void runSession(int session, Histogram dataLatency, Histogram transactionLatency) {
        String rcpt = options.to().get(session % options.to().size());
        byte[] message = MessageText.ofSize(options.size(), options.from(), rcpt, "s" + session);
        int connectFailures = 0;
        while (next.get() < options.messages() && connectFailures < 10) {
            try (LoadConnection connection = LoadConnection.open(options)) {
                connectFailures = 0;
                int sent = 0;
                while (options.perConnection() == 0 || sent < options.perConnection()) {
                    int index = next.getAndIncrement();
                    if (index >= options.messages()) {
                        break;
                    }
                    pace(index);
                    sendOne(connection, rcpt, message, dataLatency, transactionLatency);
                    sent++;
                }
                connection.command("QUIT", 221);
            } catch (IOException e) {
                connectFailures++;
                failed.incrementAndGet();
                if (errorSeen.compareAndSet(false, true)) {
                    firstErrorText = e.getMessage();
                }
            }
        }
    }

    private void pace(int index) {
        if (options.rate() <= 0) {
            return;
        }
        long due = startNanos + (long) (index * 1e9 / options.rate());
        long wait = due - System.nanoTime();
        if (wait > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void sendOne(LoadConnection connection, String rcpt, byte[] message, Histogram dataLatency,
                         Histogram transactionLatency) throws IOException {
        long begin = System.nanoTime();
        if (options.pipelining()) {
            connection.write("MAIL FROM:<" + options.from() + ">");
            connection.write("RCPT TO:<" + rcpt + ">");
            connection.write("DATA");
            connection.flush();
            connection.expect(250);
            connection.expect(250);
            connection.expect(354);
        } else {
            connection.command("MAIL FROM:<" + options.from() + ">", 250);
            connection.command("RCPT TO:<" + rcpt + ">", 250);
            connection.command("DATA", 354);
        }
        connection.write(message);
        connection.flush();
        long dataEnd = System.nanoTime();
        connection.expect(250);
        long end = System.nanoTime();
        accepted.incrementAndGet();
        dataLatency.recordValue(Math.min(MAX_MICROS, (end - dataEnd) / 1000));
        transactionLatency.recordValue(Math.min(MAX_MICROS, (end - begin) / 1000));
    }
}
