package dev.mailserver.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.LinkedHashSet;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;

import dev.mailserver.core.directory.RecipientDirectory;
import dev.mailserver.core.dns.DnsResolver;
import dev.mailserver.core.mailbox.MailboxStore;
import dev.mailserver.core.queue.BounceComposer;
import dev.mailserver.core.queue.MailQueue;
import dev.mailserver.delivery.DeliveryEngine;
import dev.mailserver.delivery.DeliverySettings;
import dev.mailserver.delivery.RemoteDelivery;
import dev.mailserver.delivery.dns.DnsJavaResolver;
import dev.mailserver.delivery.dsn.DsnComposer;
import dev.mailserver.queue.RetrySchedule;
import dev.mailserver.queue.RocksDbMailQueue;
import dev.mailserver.smtp.IncomingSpool;
import dev.mailserver.smtp.ListenerSettings;
import dev.mailserver.smtp.SmtpListener;
import dev.mailserver.storage.ConfiguredDirectory;
import dev.mailserver.storage.MaildirStore;

/** Wires the modules together for one server; each module's own API stays free of Guice. */
final class ServerModule extends AbstractModule {
    private final ServerConfig config;

    ServerModule(ServerConfig config) {
        this.config = config;
    }

    @Override
    protected void configure() {
        bind(ServerConfig.class).toInstance(config);
        bind(Clock.class).toInstance(Clock.systemUTC());
        bind(MailQueue.class).to(RocksDbMailQueue.class);
        bind(BounceComposer.class).to(DsnComposer.class);
    }

    @Provides
    @Singleton
    RecipientDirectory directory() {
        return new ConfiguredDirectory(new LinkedHashSet<>(config.domains()), new LinkedHashSet<>(config.mailboxes()));
    }

    @Provides
    @Singleton
    MailboxStore mailboxStore(RecipientDirectory directory) {
        return new MaildirStore(config.mailDir(), directory);
    }

    @Provides
    @Singleton
    RocksDbMailQueue mailQueue(Clock clock) {
        RetrySchedule schedule = new RetrySchedule(config.retryDelays(), config.maxLifetime());
        try {
            return RocksDbMailQueue.open(config.spoolDir(), clock, schedule, config.queueWriterThreads());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the spool in " + config.spoolDir(), e);
        }
    }

    @Provides
    @Singleton
    IncomingSpool incomingSpool() {
        try {
            return IncomingSpool.open(config.incomingDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the incoming directory " + config.incomingDir(), e);
        }
    }

    @Provides
    @Singleton
    SmtpListener mtaListener(RecipientDirectory directory, MailQueue queue, IncomingSpool spool) {
        ListenerSettings settings = new ListenerSettings("mta", config.mtaAddress(), config.hostname(), config.maxMessageSize(),
            config.maxLineLength(), config.maxRecipients(), config.idleTimeout(), config.shutdownTimeout());
        return new SmtpListener(settings, directory, queue, spool);
    }

    @Provides
    @Singleton
    DnsResolver dnsResolver() {
        return DnsJavaResolver.using(config.delivery().dnsServers(), config.delivery().dnsTimeout());
    }

    @Provides
    @Singleton
    RemoteDelivery remoteDelivery(DnsResolver dns) {
        return new RemoteDelivery(config.delivery().remote(), dns);
    }

    /** Also bound as the queue's {@link BounceComposer}. */
    @Provides
    @Singleton
    DsnComposer dsnComposer(RecipientDirectory directory, Clock clock) {
        return new DsnComposer(config.hostname(), directory, clock);
    }

    @Provides
    @Singleton
    DeliveryEngine deliveryEngine(MailQueue queue, RecipientDirectory directory, MailboxStore mailboxes, RemoteDelivery remote,
                                  DsnComposer notices, Clock clock) {
        DeliveryConfig delivery = config.delivery();
        return new DeliveryEngine(queue, directory, mailboxes, remote, notices, clock, new DeliverySettings(delivery.concurrency(),
            DeliverySettings.DEFAULT_POLL_INTERVAL, delivery.maxReceivedHeaders(), delivery.delayWarning()));
    }
}
