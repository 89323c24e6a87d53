package dev.mailserver.app.metrics;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import dev.mailserver.core.queue.QueueAdministration;
import dev.mailserver.core.queue.QueueEntry;
import dev.mailserver.core.queue.QueueFilter;
import dev.mailserver.core.queue.MailQueue;
import dev.mailserver.core.queue.RecipientStatus;
import dev.mailserver.delivery.ArrivalCounts;
import dev.mailserver.delivery.tls.TlsResults;
import dev.mailserver.smtp.ListenerEvents;
import dev.mailserver.smtp.ListenerSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The server's metrics in a Prometheus registry: SMTP connections, sessions and TLS by listener, failed
 * logins, messages received, delivery attempts by outcome with their delay since arrival, the queue, and
 * the JVM. Every series carries the tag {@code node}, this server's name, so that the nodes sharing one queue
 * can be told apart in one Prometheus.
 */
public final class MailMetrics implements ListenerEvents, ArrivalCounts, AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
    private final Map<String, AtomicInteger> openSessions = new ConcurrentHashMap<>();
    private final Map<RecipientStatus, DeliveryMeters> deliveryMeters = new ConcurrentHashMap<>();

    public MailMetrics(String node) {
        registry.config().commonTags("node", node);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
    }

    /** Adds the queue's size and the age of its oldest message. */
    public void watchQueue(MailQueue queue, QueueAdministration administration, Clock clock) {
        Gauge.builder("mailserver.queue.messages", queue, MailQueue::size)
            .description("messages in the spool").register(registry);
        Gauge.builder("mailserver.queue.oldest.age", administration, admin -> oldestAgeSeconds(admin, clock))
            .description("age of the oldest message in the spool, 0 when it is empty").baseUnit("seconds").register(registry);
    }

    /** Adds what the spool dropped of a damaged write-ahead log when it was opened (0 when the log was whole). */
    public void watchLogDamage(LongSupplier droppedLogBytes) {
        Gauge.builder("mailserver.queue.wal.dropped", droppedLogBytes, LongSupplier::getAsLong)
            .description("bytes of a damaged write-ahead log dropped when the spool was opened").baseUnit("bytes").register(registry);
    }

    private static double oldestAgeSeconds(QueueAdministration administration, Clock clock) {
        try {
            return administration.list(QueueFilter.ALL, 1).stream().findFirst()
                .map(QueueEntry::mail)
                .map(mail -> Duration.between(mail.arrivedAt(), clock.instant()).toMillis() / 1000.0)
                .orElse(0.0);
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    @Override
    public void connectionOpened(ListenerSettings listener) {
        Counter.builder("mailserver.smtp.connections").description("SMTP connections accepted")
            .tags(listenerTags(listener)).register(registry).increment();
        sessions(listener).incrementAndGet();
    }

    @Override
    public void connectionClosed(ListenerSettings listener) {
        sessions(listener).decrementAndGet();
    }

    private AtomicInteger sessions(ListenerSettings listener) {
        return openSessions.computeIfAbsent(listener.name(), name -> registry.gauge("mailserver.smtp.sessions.open",
            listenerTags(listener), new AtomicInteger()));
    }

    @Override
    public void tlsEstablished(ListenerSettings listener, String protocol) {
        Counter.builder("mailserver.smtp.tls.handshakes").description("successful TLS handshakes, implicit or after STARTTLS")
            .tags(listenerTags(listener).and("protocol", protocol)).register(registry).increment();
    }

    @Override
    public void authFailed(ListenerSettings listener) {
        Counter.builder("mailserver.smtp.auth.failures").description("failed AUTH attempts")
            .tags(listenerTags(listener)).register(registry).increment();
    }

    void messageReceived() {
        Counter.builder("mailserver.messages.received").description("messages accepted: queued, or delivered on arrival")
            .register(registry).increment();
    }

    @Override
    public void receivedWithoutQueueing() {
        messageReceived();
    }

    @Override
    public void deliveredOnArrival() {
        deliveryAttempted(RecipientStatus.DELIVERED, Duration.ZERO);
    }

    /** One recipient's delivery attempt, by the state it left the recipient in, {@code delay} after the message arrived. */
    void deliveryAttempted(RecipientStatus after, Duration delay) {
        DeliveryMeters meters = deliveryMeters.computeIfAbsent(after, this::deliveryMeters);
        meters.delay().record(delay);
        meters.attempts().increment();
    }

    /** The meters of delivery attempts that left recipients in one state, made on its first attempt (a builder's look-up costs more than the count). */
    private record DeliveryMeters(Timer delay, Counter attempts) {
    }

    private DeliveryMeters deliveryMeters(RecipientStatus after) {
        String status = switch (after) {
            case DELIVERED -> "sent";
            case PENDING -> "deferred";
            case FAILED -> "bounced";
        };
        return new DeliveryMeters(
            Timer.builder("mailserver.delivery.delay").description("time from arrival to a recipient's delivery attempt")
                .tag("status", status).publishPercentileHistogram().register(registry),
            Counter.builder("mailserver.deliveries").description("delivery attempts per recipient by status")
                .tag("status", status).register(registry));
    }

    /** The metrics in the Prometheus text format. */
    /**
     * Counts the connections that an MTA-STS or DANE policy governs, as TLS-RPT sees them:
     * {@code mailserver.delivery.tls.sessions} by {@code policy} (sts, tlsa) and
     * {@code result} (success, or the TLS-RPT failure type such as certificate-host-mismatch).
     */
    public TlsResults tlsSessions() {
        return (policy, mxHost, address, failureType) -> Counter.builder("mailserver.delivery.tls.sessions")
            .description("outbound connections under a published TLS policy (MTA-STS, DANE), by result")
            .tags("policy", policy.type(), "result", failureType.orElse("success"))
            .register(registry).increment();
    }

    public String scrape() {
        return registry.scrape();
    }

    private static Tags listenerTags(ListenerSettings listener) {
        return Tags.of("listener", listener.name(), "role", listener.role().name().toLowerCase(Locale.ROOT));
    }

    @Override
    public void close() {
        gcMetrics.close();
        registry.close();
    }
}
