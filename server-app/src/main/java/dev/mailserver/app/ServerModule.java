package dev.mailserver.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.LinkedHashSet;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;

import dev.mailserver.core.directory.RecipientDirectory;
import dev.mailserver.core.mailbox.MailboxStore;
import dev.mailserver.core.queue.BounceComposer;
import dev.mailserver.core.queue.MailQueue;
import dev.mailserver.core.queue.QueueAdministration;
import dev.mailserver.delivery.DeliveryEngine;
import dev.mailserver.delivery.DeliverySettings;
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
        // Failure notices (DSNs) come with remote delivery; until then failures are recorded without one.
        bind(BounceComposer.class).toInstance(BounceComposer.NONE);
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
    RocksDbMailQueue mailQueue(Clock clock, BounceComposer bounces) {
        try {
            return RocksDbMailQueue.open(config.spoolDir(), clock, config.queue(), bounces);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the spool in " + config.spoolDir(), e);
        }
    }

    @Provides
    QueueAdministration queueAdministration(RocksDbMailQueue queue) {
        return queue.administration();
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
    DeliveryEngine deliveryEngine(MailQueue queue, RecipientDirectory directory, MailboxStore mailboxes, Clock clock) {
        return new DeliveryEngine(queue, directory, mailboxes, clock,
            new DeliverySettings(config.deliveryConcurrency(), DeliverySettings.DEFAULT_POLL_INTERVAL));
    }
}
