package dev.mailserver.delivery;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;

import dev.mailserver.core.DeliveryResult;
import dev.mailserver.core.Envelope;
import dev.mailserver.core.MessageContent;
import dev.mailserver.core.dns.DnsResolver;
import dev.mailserver.core.mime.HeaderSection;
import dev.mailserver.delivery.tls.DestinationPlan;
import dev.mailserver.delivery.tls.HostSecurity;
import dev.mailserver.delivery.tls.TlsPlanner;
import dev.mailserver.delivery.tls.TlsResults;

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
    private final TlsPlanner tlsPlanner;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().name("smtp-client-timer").daemon(true).factory());

    /** With the fixed TLS levels only ({@code none}, {@code may}, {@code encrypt}, {@code verify}). */
    public RemoteDelivery(RemoteDeliverySettings settings, DnsResolver dns) {
        this(settings, dns, TlsPlanner.fixedLevelsOnly(), TlsResults.NONE);
    }

    /**
     * @param tlsPlanner applies the TLS policies; it must support every policy the settings name
     * @param tlsResults told the result of each connection a published policy governs (TLS-RPT)
     */
    public RemoteDelivery(RemoteDeliverySettings settings, DnsResolver dns, TlsPlanner tlsPlanner, TlsResults tlsResults) {
        Stream.of(Stream.of(settings.tls()), settings.tlsPolicies().values().stream(),
                Stream.concat(settings.transports().values().stream(), settings.smarthost().stream()).map(Relay::tls))
            .flatMap(policies -> policies)
            .filter(policy -> !tlsPlanner.supports(policy))
            .findFirst()
            .ifPresent(policy -> {
                throw new IllegalArgumentException("TLS policy " + policy + " needs a TLS planner with MTA-STS and DNSSEC look-ups");
            });
        this.tlsPlanner = tlsPlanner;
        this.settings = settings;
        this.nextHops = new NextHopResolver(settings, dns);
        this.slots = new DestinationSlots(settings.destinationConcurrency());
        this.pool = new ConnectionPool(settings.connectionIdleTime(), settings.maxMessagesPerConnection());
        this.connector = new SmtpConnector(settings, timer, tlsResults);
        long sweep = Math.max(settings.connectionIdleTime().toMillis() / 2, 10);
        timer.scheduleWithFixedDelay(pool::closeExpired, sweep, sweep, TimeUnit.MILLISECONDS);
    }

    /**
     * Delivers to the envelope's recipients, which all belong to {@code domain}, with the envelope's MAIL
     * and RCPT parameters where the server takes them; one outcome per recipient, in order.
     */
    public List<RecipientOutcome> deliver(Envelope envelope, Domain domain, MessageContent content) {
        HeaderSection header;
        try {
            header = content.header();
        } catch (IOException e) {
            return everyone(envelope.recipients(), unreadable(e), RecipientOutcome.NO_RELAY);
        }
        return deliver(envelope, domain, content, header);
    }

    /**
     * As {@link #deliver(Envelope, Domain, MessageContent)}, with the message's header section already read
     * (the delivery engine reads it once per attempt, for every recipient).
     */
    public List<RecipientOutcome> deliver(Envelope envelope, Domain domain, MessageContent content, HeaderSection header) {
        List<MailAddress> recipients = envelope.recipients();
        return switch (nextHops.resolve(domain)) {
            case NextHopResolver.Unroutable unroutable -> everyone(recipients, unroutable.result(), RecipientOutcome.NO_RELAY);
            case NextHopResolver.Found found -> deliver(found.hop(), envelope, content, header);
        };
    }

    /** The result for recipients of a message whose content cannot be read. */
    static DeliveryResult unreadable(IOException e) {
        return DeliveryResult.temporaryFailure("4.3.0", "cannot read the message: " + e.getMessage());
    }

    private List<RecipientOutcome> deliver(NextHop hop, Envelope envelope, MessageContent content, HeaderSection header) {
        List<MailAddress> recipients = envelope.recipients();
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
            MessageTls tls = MessageTls.of(envelope, header);
            if (tls.sharesConnections()) {
                Optional<List<RecipientOutcome>> overCached = overCachedConnection(hop, tls, envelope, content);
                if (overCached.isPresent()) {
                    return overCached.get();
                }
            }
            return overNewConnection(hop, tls, envelope, content);
        } finally {
            slots.release(hop.destination());
        }
    }

    /** Over a connection kept from an earlier message; empty when none is cached or the server had closed them. */
    private Optional<List<RecipientOutcome>> overCachedConnection(NextHop hop, MessageTls tls, Envelope envelope, MessageContent content) {
        Optional<SmtpConnection> cached;
        while ((cached = pool.take(hop.destination())).isPresent()) {
            try {
                return Optional.of(send(cached.get(), hop, tls, envelope, content));
            } catch (SmtpClientTransport.ClosedBeforeReply e) {
                // Closed by the server while it was idle; nothing of this message was sent. The next one, or a new one.
            }
        }
        return Optional.empty();
    }

    /** Over a new connection to the hop's hosts, tried in order. */
    private List<RecipientOutcome> overNewConnection(NextHop hop, MessageTls tls, Envelope envelope, MessageContent content) {
        List<MailAddress> recipients = envelope.recipients();
        SmtpConnection connection = null;
        DeliveryResult failure = null;
        String relay = RecipientOutcome.NO_RELAY;
        NextHop messageHop = tls.apply(hop);
        DestinationPlan plan = tlsPlanner.plan(messageHop.destination(), messageHop.tls(), messageHop.viaMx());
        for (int i = 0; connection == null && i < hop.hosts().size(); i++) {
            SmtpHost host = hop.hosts().get(i);
            relay = host.toString();
            switch (plan.forHost(host.name(), host.port())) {
                case HostSecurity.Skip skip -> failure = skip.result();
                case HostSecurity.Connect connect -> {
                    try {
                        connection = connector.connect(host, messageHop, connect.security());
                    } catch (SmtpConnector.ConnectFailure e) {
                        failure = tls.failure(e, host);
                    }
                }
            }
        }
        if (connection == null) {
            return everyone(recipients, failure, relay);
        }
        try {
            return send(connection, hop, tls, envelope, content);
        } catch (SmtpClientTransport.ClosedBeforeReply e) {
            return everyone(recipients, connection.lostConnection(e), relay);
        }
    }

    /** Sends over the connection, then caches it for the destination's next message or closes it. */
    private List<RecipientOutcome> send(SmtpConnection connection, NextHop hop, MessageTls tls, Envelope envelope, MessageContent content)
        throws SmtpClientTransport.ClosedBeforeReply {
        DeliveryResult refusal = tls.refusal(connection);
        List<RecipientOutcome> outcomes;
        try {
            outcomes = refusal != null ? everyone(envelope.recipients(), refusal, connection.host().toString()) : connection.send(envelope, content);
        } catch (RuntimeException e) {
            connection.close();
            throw e;
        }
        if (tls.sharesConnections()) {
            pool.giveBack(hop.destination(), connection);
        } else {
            connection.close();
        }
        return outcomes;
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
