package dev.mailserver.delivery.tlsrpt;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Sends the reports of finished days every {@code interval} (they are due once a UTC day is over), and
 * keeps the counts not yet reported in the collector's file then and at {@link #close()}.
 */
public final class TlsReporting implements AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().name("tls-reports").daemon(true).factory());

    private final TlsResultCollector collector;

    public TlsReporting(TlsResultCollector collector, TlsReportSender sender, Duration interval) {
        this.collector = collector;
        timer.scheduleWithFixedDelay(() -> {
            sender.sendFinishedDays(collector);
            collector.save();
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        collector.save();
    }
}
