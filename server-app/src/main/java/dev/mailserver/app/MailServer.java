package dev.mailserver.app;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.Guice;
import com.google.inject.Inject;
import com.google.inject.Injector;

import dev.mailserver.app.admin.AdminServer;
import dev.mailserver.app.config.ServerConfig;
import dev.mailserver.app.metrics.MailMetrics;
import dev.mailserver.app.plugins.PolicyHooks;
import dev.mailserver.app.dmarc.DmarcReportSender;
import dev.mailserver.app.sendmail.MaildropPickup;
import dev.mailserver.core.queue.MailQueue;
import dev.mailserver.delivery.DeliveryEngine;
import dev.mailserver.delivery.RemoteDelivery;
import dev.mailserver.delivery.tls.OutboundTls;
import dev.mailserver.app.managesieve.ManageSieveListener;
import dev.mailserver.pop3.Pop3Listener;
import dev.mailserver.smtp.ListenerRole;
import dev.mailserver.smtp.SmtpListener;
import dev.mailserver.storage.directory.DirectoryFiles;

/** The whole server: spool, delivery engine, SMTP and POP3 listeners, started and stopped in order. */
public final class MailServer {
    private static final Logger LOGGER = LoggerFactory.getLogger(MailServer.class);

    private final ServerConfig config;
    private final QueueBackend queue;
    private final DeliveryEngine delivery;
    private final RemoteDelivery remote;
    private final OutboundTls outboundTls;
    private final PolicyHooks policies;
    private final List<SmtpListener> listeners;
    private final List<Pop3Listener> pop3Listeners;
    private final Optional<ManageSieveListener> manageSieve;
    private final AdminServer admin;
    private final MailMetrics metrics;
    private final MaildropPickup pickup;
    private final DmarcReportSender dmarcReports;
    private final DirectoryFiles directoryFiles;
    private boolean running;

    @Inject
    MailServer(ServerConfig config, QueueBackend queue, DeliveryEngine delivery, RemoteDelivery remote, OutboundTls outboundTls,
               PolicyHooks policies, List<SmtpListener> listeners, List<Pop3Listener> pop3Listeners, AdminServer admin,
               MailMetrics metrics, MaildropPickup pickup, DmarcReportSender dmarcReports, Optional<ManageSieveListener> manageSieve,
               DirectoryFiles directoryFiles) {
        this.config = config;
        this.directoryFiles = directoryFiles;
        this.pickup = pickup;
        this.dmarcReports = dmarcReports;
        this.queue = queue;
        this.delivery = delivery;
        this.remote = remote;
        this.outboundTls = outboundTls;
        this.policies = policies;
        this.listeners = listeners;
        this.pop3Listeners = pop3Listeners;
        this.manageSieve = manageSieve;
        this.admin = admin;
        this.metrics = metrics;
    }

    public static MailServer create(ServerConfig config) {
        Injector injector = Guice.createInjector(new ServerModule(config));
        return injector.getInstance(MailServer.class);
    }

    public synchronized void start() throws InterruptedException {
        LOGGER.info("Configuration: {}", config.source());
        LOGGER.info("Hostname {}; local domains {}; mailboxes {}", config.hostname(),
            config.domains().stream().map(Domain::asString).toList(), config.mailboxes().stream().map(MailAddress::asString).toList());
        LOGGER.info("Data directory {} (spool {}, mailboxes {})", config.dataDir().toAbsolutePath(),
            config.postgresQueue().map(postgres -> "on PostgreSQL " + postgres.url()).orElse(config.spoolDir().toString()), config.mailDir());
        delivery.start();
        try {
            // Before the listeners: once they accept connections the server counts as started (and SIGTERM stops it cleanly),
            // and sendmail may then find the maildrop made.
            pickup.start();
            admin.start();
            for (Pop3Listener listener : pop3Listeners) {
                listener.start();
            }
            if (manageSieve.isPresent()) {
                manageSieve.get().start();
            }
            for (SmtpListener listener : listeners) {
                listener.start();
            }
        } catch (RuntimeException | InterruptedException e) {
            stopAll();
            throw e;
        }
        if (config.mailAuth().inbound() && config.mailAuth().recordReports() && config.mailAuth().sendReports()) {
            dmarcReports.start();
        }
        running = true;
        LOGGER.info("Mail server ready; listening on {}; POP3 on {}", listeners.stream()
            .map(listener -> listener.settings().name() + " " + listener.address()).toList(),
            pop3Listeners.stream().map(Pop3Listener::address).toList());
    }

    /** Where the enabled listener of this name listens. */
    public InetSocketAddress listenerAddress(String name) {
        return listeners.stream().filter(listener -> listener.settings().name().equals(name)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no enabled listener named " + name)).address();
    }

    /** Where the first MTA listener listens. */
    public InetSocketAddress mtaAddress() {
        return listeners.stream().filter(listener -> listener.settings().role() == ListenerRole.MTA).findFirst()
            .orElseThrow(() -> new IllegalStateException("no MTA listener is enabled")).address();
    }

    /** Where the POP3 listeners listen, in the order of their names. */
    public List<InetSocketAddress> pop3Addresses() {
        return pop3Listeners.stream().map(Pop3Listener::address).toList();
    }

    /** Where the ManageSieve listener listens. */
    public InetSocketAddress manageSieveAddress() {
        return manageSieve.orElseThrow(() -> new IllegalStateException("ManageSieve is not enabled")).address();
    }

    /** Where the admin API listens. */
    public InetSocketAddress adminAddress() {
        return admin.address();
    }

    private void stopAll() throws InterruptedException {
        admin.stop();
        for (SmtpListener listener : listeners) {
            listener.stop();
        }
        pop3Listeners.forEach(Pop3Listener::stop);
        manageSieve.ifPresent(ManageSieveListener::stop);
        pickup.stop(config.shutdownTimeout());
        dmarcReports.stop();
        delivery.stop(config.shutdownTimeout());
        remote.close();
        outboundTls.close();
        policies.close();
        queue.close();
        directoryFiles.close();
        metrics.close();
    }

    /** The DMARC report sender, for tests that send a day's reports without waiting for the hourly check. */
    DmarcReportSender dmarcReports() {
        return dmarcReports;
    }

    /** The spool, for tests that put mail straight in (e.g. with a chosen queue id) or watch it drain. */
    MailQueue queue() {
        return queue.queue();
    }

    /** Stops taking mail, lets transfers and deliveries under way finish, then closes the spool. */
    public synchronized void stop() throws InterruptedException {
        if (!running) {
            return;
        }
        running = false;
        LOGGER.info("Stopping the mail server");
        stopAll();
        LOGGER.info("Mail server stopped");
    }
}
