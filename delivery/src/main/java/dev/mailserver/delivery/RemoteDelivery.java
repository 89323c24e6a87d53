package dev.mailserver.delivery;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;

import dev.mailserver.core.DeliveryResult;
import dev.mailserver.core.MessageContent;
import dev.mailserver.core.dns.DnsResolver;

/**
 * Sends mail to other domains over SMTP: finds the next hop ({@link NextHopResolver}), waits for a free
 * slot of its destination, reuses a cached connection or opens one to the hop's addresses in order, and
 * runs one transaction for all the recipients of a domain, with a result per recipient.
 *
 * <p>Methods block on the network; callers run them on their own (virtual) threads. A destination that
 * is slow or dead holds at most its own slots, never another destination's.
 */
public final class RemoteDelivery implements AutoCloseable {
    private final RemoteDeliverySettings settings;
    private final NextHopResolver nextHops;
    private final DestinationSlots slots;
    private final ConnectionPool pool;
    private final SmtpConnector connector;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().name("smtp-client-timer").daemon(true).factory());

    public RemoteDelivery(RemoteDeliverySettings settings, DnsResolver dns) {
        this.settings = settings;
        this.nextHops = new NextHopResolver(settings, dns);
        this.slots = new DestinationSlots(settings.destinationConcurrency());
        this.pool = new ConnectionPool(settings.connectionIdleTime(), settings.maxMessagesPerConnection());
        this.connector = new SmtpConnector(settings, timer);
        long sweep = Math.max(settings.connectionIdleTime().toMillis() / 2, 10);
        timer.scheduleWithFixedDelay(pool::closeExpired, sweep, sweep, TimeUnit.MILLISECONDS);
    }

    /** Delivers to recipients that all belong to {@code domain}; one outcome per recipient, in order. */
    public List<RecipientOutcome> deliver(MaybeSender sender, Domain domain, List<MailAddress> recipients, MessageContent content) {
        return switch (nextHops.resolve(domain)) {
            case NextHopResolver.Unroutable unroutable -> everyone(recipients, unroutable.result(), RecipientOutcome.NO_RELAY);
            case NextHopResolver.Found found -> deliver(found.hop(), sender, recipients, content);
        };
    }

    private List<RecipientOutcome> deliver(NextHop hop, MaybeSender sender, List<MailAddress> recipients, MessageContent content) {
        try {
            if (!slots.tryAcquire(hop.destination(), slotWait())) {
                return everyone(recipients, DeliveryResult.temporaryFailure("4.4.5",
                    "too many deliveries to " + hop.destination() + " under way"), RecipientOutcome.NO_RELAY);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return everyone(recipients, DeliveryResult.temporaryFailure("4.3.2", "delivery interrupted (server stopping)"), RecipientOutcome.NO_RELAY);
        }
        try {
            Optional<SmtpConnection> cached = pool.take(hop.destination());
            SmtpConnection connection = cached.isPresent() ? cached.get() : null;
            DeliveryResult failure = null;
            String relay = RecipientOutcome.NO_RELAY;
            for (int i = 0; connection == null && i < hop.hosts().size(); i++) {
                SmtpHost host = hop.hosts().get(i);
                relay = host.toString();
                try {
                    connection = connector.connect(host, hop);
                } catch (SmtpConnector.ConnectFailure e) {
                    failure = e.result();
                }
            }
            if (connection == null) {
                return everyone(recipients, failure, relay);
            }
            List<RecipientOutcome> outcomes;
            try {
                outcomes = connection.send(sender, recipients, content);
            } catch (RuntimeException e) {
                connection.close();
                throw e;
            }
            pool.giveBack(hop.destination(), connection);
            return outcomes;
        } finally {
            slots.release(hop.destination());
        }
    }

    /**
     * How long a delivery waits for its destination's slot before it is deferred: as long as opening a
     * connection may take, so that busy destinations are waited for and stuck ones are not.
     */
    private Duration slotWait() {
        return settings.connectTimeout();
    }

    private static List<RecipientOutcome> everyone(List<MailAddress> recipients, DeliveryResult result, String relay) {
        return recipients.stream().map(recipient -> new RecipientOutcome(recipient, result, relay)).toList();
    }

    /** Closes the cached connections. */
    @Override
    public void close() {
        timer.shutdownNow();
        pool.close();
    }
}
