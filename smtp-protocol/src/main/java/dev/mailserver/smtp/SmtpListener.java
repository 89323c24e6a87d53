package dev.mailserver.smtp;

import java.net.InetSocketAddress;
import java.util.Objects;

import org.apache.james.protocols.api.handler.WiringException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailserver.core.directory.RecipientDirectory;
import dev.mailserver.core.queue.MailQueue;

/**
 * An SMTP listener in the MTA role: it takes mail for the local mailboxes of a
 * {@link RecipientDirectory} and puts it into a {@link MailQueue}, answering {@code 250} only once the
 * queue has stored the message durably.
 *
 * <pre>{@code
 * SmtpListener listener = new SmtpListener(
 *     ListenerSettings.withDefaults("mta", new InetSocketAddress("127.0.0.1", 2525), "mx.example.org"),
 *     directory, queue, IncomingSpool.open(Path.of("data/incoming")));
 * listener.start();
 * ...
 * listener.stop();
 * }</pre>
 */
public final class SmtpListener implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(SmtpListener.class);

    private final ListenerSettings settings;
    private final InFlightTransactions inFlight = new InFlightTransactions();
    private final NettySmtpServer server;
    private boolean running;

    public SmtpListener(ListenerSettings settings, RecipientDirectory directory, MailQueue queue, IncomingSpool spool) {
        this.settings = Objects.requireNonNull(settings, "settings");
        ListenerConfiguration configuration = new ListenerConfiguration(settings.hostname(), settings.maxMessageSize());
        SmtpProtocol protocol;
        try {
            protocol = new SmtpProtocol(MtaHandlerChain.build(settings, directory, queue, spool, inFlight), configuration);
        } catch (WiringException e) {
            throw new IllegalStateException("the SMTP handler chain is wired wrongly", e);
        }
        this.server = new NettySmtpServer(settings.name(), settings.address(), protocol,
            settings.maxLineLength(), settings.idleTimeout(), settings.hostname());
    }

    public synchronized void start() throws InterruptedException {
        if (running) {
            throw new IllegalStateException("listener " + settings.name() + " is already running");
        }
        server.start();
        running = true;
        LOGGER.info("SMTP listener {} (MTA) listening on {}", settings.name(), address());
    }

    /** The address actually bound (useful with port 0). */
    public InetSocketAddress address() {
        return server.boundAddress();
    }

    /**
     * Stops accepting connections, lets messages already in transfer finish (up to the drain timeout),
     * then says {@code 421} to the remaining clients and releases every thread.
     */
    public synchronized void stop() throws InterruptedException {
        if (!running) {
            return;
        }
        running = false;
        server.stopAccepting();
        int unfinished = inFlight.awaitNone(settings.drainTimeout());
        if (unfinished > 0) {
            LOGGER.warn("SMTP listener {}: {} message transfer(s) still unfinished after {}; closing them", settings.name(), unfinished, settings.drainTimeout());
        }
        server.closeConnections(settings.drainTimeout());
        server.shutdownEventLoops();
        LOGGER.info("SMTP listener {} stopped", settings.name());
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
