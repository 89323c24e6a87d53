package dev.mailserver.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;

import com.google.inject.AbstractModule;
import com.google.inject.Provider;
import com.google.inject.Provides;
import com.google.inject.Singleton;

import dev.mailserver.app.admin.HealthCheck;
import dev.mailserver.app.config.DeliveryConfig;
import dev.mailserver.app.config.ServerConfig;
import dev.mailserver.app.metrics.MailMetrics;
import dev.mailserver.app.metrics.MeteredMailQueue;
import dev.mailserver.app.plugins.PluginRegistry;
import dev.mailserver.app.plugins.PolicyHooks;
import dev.mailserver.app.sendmail.Maildrop;
import dev.mailserver.app.sendmail.MaildropPickup;
import dev.mailserver.core.directory.RecipientDirectory;
import dev.mailserver.core.dns.DnsResolver;
import dev.mailserver.core.mailbox.MailboxStore;
import dev.mailserver.core.queue.BounceComposer;
import dev.mailserver.core.queue.MailQueue;
import dev.mailserver.core.queue.QueueAdministration;
import dev.mailserver.delivery.DeliveryEngine;
import dev.mailserver.delivery.EngineSettings;
import dev.mailserver.delivery.RemoteDelivery;
import dev.mailserver.delivery.dns.DnsJavaResolver;
import dev.mailserver.delivery.dsn.DsnComposer;
import dev.mailserver.queue.RocksDbMailQueue;
import dev.mailserver.smtp.ListenerSettings;
import dev.mailserver.smtp.SmtpListener;
import dev.mailserver.smtp.TlsMode;
import dev.mailserver.smtp.auth.AuthFailures;
import dev.mailserver.smtp.data.IncomingSpool;
import dev.mailserver.smtp.tls.ServerCertificate;
import dev.mailserver.storage.AliasExpandingStore;
import dev.mailserver.storage.Aliases;
import dev.mailserver.storage.ConfiguredDirectory;
import dev.mailserver.storage.LocalDomains;
import dev.mailserver.storage.MaildirStore;
import dev.mailserver.storage.UserAccounts;

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
        bind(MailQueue.class).to(MeteredMailQueue.class);
        bind(BounceComposer.class).to(DsnComposer.class);
    }

    @Provides
    @Singleton
    UserAccounts users() {
        return open(config.usersFile(), UserAccounts::open);
    }

    private interface FileOpener<T> {
        T open(Path file) throws IOException;
    }

    private static <T> T open(Path file, FileOpener<T> opener) {
        try {
            return opener.open(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    @Provides
    @Singleton
    LocalDomains localDomains() {
        return open(config.domainsFile(), LocalDomains::open);
    }

    @Provides
    @Singleton
    Aliases aliases() {
        return open(config.aliasesFile(), Aliases::open);
    }

    @Provides
    @Singleton
    RecipientDirectory directory(LocalDomains domains, UserAccounts users, Aliases aliases) {
        return new ConfiguredDirectory(new LinkedHashSet<>(config.domains()), new LinkedHashSet<>(config.mailboxes()), domains::contains,
            address -> users.exists(address) || aliases.exists(address));
    }

    @Provides
    @Singleton
    MailboxStore mailboxStore(RecipientDirectory directory, Aliases aliases) {
        return new AliasExpandingStore(aliases, new MaildirStore(config.mailDir(), directory));
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
    MailMetrics metrics(RocksDbMailQueue queue, Clock clock) {
        MailMetrics metrics = new MailMetrics();
        metrics.watchQueue(queue, queue.administration(), clock);
        metrics.watchLogDamage(queue::droppedLogBytes);
        return metrics;
    }

    /** The spool as the listeners and the delivery engine see it: counted. */
    @Provides
    @Singleton
    MeteredMailQueue meteredQueue(RocksDbMailQueue queue, MailMetrics metrics) {
        return new MeteredMailQueue(queue, metrics);
    }

    @Provides
    @Singleton
    HealthCheck healthCheck(MailQueue queue, RocksDbMailQueue spool, DeliveryEngine delivery, List<SmtpListener> listeners) {
        return new HealthCheck(queue, spool::droppedLogBytes, delivery, listeners);
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
    ServerCertificate serverCertificate() {
        try {
            if (config.certificateFile().isPresent()) {
                return ServerCertificate.fromPemFiles(config.certificateFile().get(), config.keyFile().orElseThrow());
            }
            return ServerCertificate.selfSigned(config.tlsDir(), config.hostname());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the TLS certificate: " + e.getMessage(), e);
        }
    }

    @Provides
    @Singleton
    PolicyHooks policyHooks(DnsResolver dns, Clock clock) {
        try {
            return new PolicyHooks(config.policy(), config.trustedNetworks(), dns, config.greylistDir(), clock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the greylisting store: " + e.getMessage(), e);
        }
    }

    @Provides
    @Singleton
    AuthFailures authFailures(Clock clock) {
        return new AuthFailures(config.authFailureWindow(), config.authFailureDelay(), config.maxAuthFailuresPerClient(), clock);
    }

    @Provides
    @Singleton
    PluginRegistry plugins() {
        return PluginRegistry.load(config);
    }

    @Provides
    @Singleton
    List<SmtpListener> listeners(RecipientDirectory directory, UserAccounts users, MailQueue queue, IncomingSpool spool,
                                 Provider<ServerCertificate> certificate, AuthFailures authFailures, PolicyHooks policies,
                                 PluginRegistry plugins, MailMetrics metrics) {
        return config.listeners().stream()
            .map(listener -> {
                SmtpListener.Builder builder = SmtpListener.builder(new ListenerSettings(listener.name(), listener.role(), listener.address(),
                        listener.tls(), config.hostname(), config.sessionLimits(), config.shutdownTimeout()))
                    .directory(directory).users(users).queue(queue).spool(spool).authFailures(authFailures)
                    .events(metrics).trustedNetworks(config.trustedNetworks())
                    .tlsCipherSuites(config.tlsCipherSuites());
                if (listener.tls() != TlsMode.NONE) {
                    // Loaded, or made, only when a listener offers TLS.
                    builder.certificate(certificate.get());
                }
                policies.forRole(listener.role()).forEach(builder::hook);
                plugins.hooksFor(listener).forEach(builder::hook);
                return builder.build();
            })
            .toList();
    }

    @Provides
    @Singleton
    MaildropPickup maildropPickup(MailQueue queue) {
        return new MaildropPickup(new Maildrop(config.maildropDir()), queue);
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
                                  Clock clock, PluginRegistry plugins) {
        DeliveryConfig delivery = config.delivery();
        return new DeliveryEngine(queue, directory, mailboxes, remote, clock, new EngineSettings(delivery.concurrency(),
            EngineSettings.DEFAULT_POLL_INTERVAL, delivery.maxReceivedHeaders()), plugins.deliveryEvents());
    }
}
