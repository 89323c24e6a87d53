package dev.mailserver.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

import com.google.inject.AbstractModule;
import com.google.inject.Provider;
import com.google.inject.Provides;
import com.google.inject.Singleton;

import dev.mailserver.app.admin.DmarcRoutes;
import dev.mailserver.app.admin.HealthCheck;
import dev.mailserver.app.config.DeliveryConfig;
import dev.mailserver.app.config.ForwardingConfig;
import dev.mailserver.app.config.LocalDeliveryConfig;
import dev.mailserver.app.config.OutboundTlsConfig;
import dev.mailserver.app.config.ServerConfig;
import dev.mailserver.app.dmarc.DmarcReportSender;
import dev.mailserver.app.managesieve.ManageSieveListener;
import dev.mailserver.app.metrics.MailMetrics;
import dev.mailserver.app.metrics.MeteredMailQueue;
import dev.mailserver.app.plugins.PluginRegistry;
import dev.mailserver.app.plugins.PolicyHooks;
import dev.mailserver.app.sendmail.Maildrop;
import dev.mailserver.app.sendmail.MaildropPickup;
import dev.mailserver.auth.arc.ArcSealingForwarding;
import dev.mailserver.core.directory.RecipientDirectory;
import dev.mailserver.core.dns.DnsResolver;
import dev.mailserver.core.mailbox.Forwarding;
import dev.mailserver.core.mailbox.MailboxStore;
import dev.mailserver.core.queue.BounceComposer;
import dev.mailserver.core.queue.MailIntake;
import dev.mailserver.core.queue.MailQueue;
import dev.mailserver.core.queue.QueueAdministration;
import dev.mailserver.delivery.DeliveryEngine;
import dev.mailserver.delivery.EngineSettings;
import dev.mailserver.delivery.RemoteDelivery;
import dev.mailserver.delivery.tls.OutboundTls;
import dev.mailserver.delivery.dns.DnsJavaResolver;
import dev.mailserver.delivery.dsn.DsnComposer;
import dev.mailserver.pop3.Pop3Listener;
import dev.mailserver.smtp.ListenerSettings;
import dev.mailserver.smtp.SmtpListener;
import dev.mailserver.smtp.TlsMode;
import dev.mailserver.smtp.auth.AuthFailures;
import dev.mailserver.smtp.mailauth.MessageAuthentication;
import dev.mailserver.smtp.auth.BearerTokens;
import dev.mailserver.smtp.data.IncomingSpool;
import dev.mailserver.smtp.tls.ServerCertificate;
import dev.mailserver.storage.directory.AddressingDirectory;
import dev.mailserver.storage.directory.Aliases;
import dev.mailserver.storage.directory.ConfiguredDirectory;
import dev.mailserver.storage.directory.DirectoryFiles;
import dev.mailserver.storage.directory.DomainAliases;
import dev.mailserver.storage.directory.LocalDomains;
import dev.mailserver.storage.quota.MailboxQuota;
import dev.mailserver.storage.maildir.MaildirStore;
import dev.mailserver.storage.maildir.MaildirSync;
import dev.mailserver.storage.quota.Quotas;
import dev.mailserver.storage.directory.RecipientResolver;
import dev.mailserver.storage.directory.ResolvingStore;
import dev.mailserver.storage.srs.SenderRewriting;
import dev.mailserver.storage.srs.SrsForwarding;
import dev.mailserver.storage.srs.SrsSecrets;
import dev.mailserver.storage.users.UserAccounts;
import dev.mailserver.storage.lmtp.LmtpTransport;
import dev.mailserver.storage.sieve.SieveScripts;
import dev.mailserver.storage.sieve.SieveStore;

/** Wires the modules together for one server; each module's own API stays free of Guice. */
final class ServerModule extends AbstractModule {
    /** How soon a running server sees a change that a command made to the users, domains, aliases or quotas. */
    private static final Duration DIRECTORY_REFRESH = Duration.ofMillis(250);

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

    /**
     * The users, domains, aliases and quotas files, looked at by a thread of their own every
     * {@link #DIRECTORY_REFRESH} and re-read when a command replaced one, so that no SMTP IO thread touches them.
     */
    @Provides
    @Singleton
    DirectoryFiles directoryFiles() {
        return DirectoryFiles.refreshedInBackground(DIRECTORY_REFRESH);
    }

    @Provides
    @Singleton
    UserAccounts users(DirectoryFiles files) {
        return open(config.usersFile(), file -> UserAccounts.open(file, files));
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
    LocalDomains localDomains(DirectoryFiles files) {
        return open(config.domainsFile(), file -> LocalDomains.open(file, files));
    }

    @Provides
    @Singleton
    Aliases aliases(DirectoryFiles files) {
        return open(config.aliasesFile(), file -> Aliases.open(file, files));
    }

    @Provides
    @Singleton
    DomainAliases domainAliases(DirectoryFiles files) {
        return open(config.domainAliasesFile(), file -> DomainAliases.open(file, files));
    }

    /** The domains and mailboxes that exist, without aliases and addressing rules. */
    @Provides
    @Singleton
    ConfiguredDirectory mailboxes(LocalDomains domains, UserAccounts users) {
        return new ConfiguredDirectory(new LinkedHashSet<>(config.domains()), new LinkedHashSet<>(config.mailboxes()), domains::contains,
            users::exists);
    }

    @Provides
    @Singleton
    RecipientResolver recipientResolver(ConfiguredDirectory mailboxes, Aliases aliases, DomainAliases domainAliases, SenderRewriting srs) {
        return new RecipientResolver(mailboxes, aliases, domainAliases, config.delivery().local().addressing(), Optional.of(srs));
    }

    /** Also with {@code forwarding.sender = original}: bounces to the SRS addresses of earlier forwards still go back. */
    @Provides
    @Singleton
    SenderRewriting senderRewriting(Clock clock) {
        ForwardingConfig forwarding = config.delivery().forwarding();
        return new SenderRewriting(forwarding.domain(), open(forwarding.srsSecretFile(), SrsSecrets::load), forwarding.srsMaxAge(), clock);
    }

    @Provides
    @Singleton
    MailboxQuota mailboxQuota(Clock clock, DirectoryFiles files) {
        LocalDeliveryConfig local = config.delivery().local();
        return new MailboxQuota(open(config.quotasFile(), file -> Quotas.open(file, local.defaultQuota(), files)), local.quotaWarningPercent(),
            clock);
    }

    @Provides
    @Singleton
    RecipientDirectory directory(RecipientResolver resolver, MailboxQuota quota) {
        return new AddressingDirectory(resolver, quota);
    }

    @Provides
    @Singleton
    MailboxStore mailboxStore(RecipientResolver resolver, ConfiguredDirectory mailboxes, MailboxQuota quota, Forwarding forwarding, Clock clock) {
        LocalDeliveryConfig local = config.delivery().local();
        // Over LMTP, Dovecot's Pigeonhole runs the users' Sieve scripts; into our Maildirs, SieveStore does (docs/sieve.md).
        MailboxStore transport = local.lmtp()
            .<MailboxStore>map(server -> new LmtpTransport(server, config.hostname(), local.lmtpTimeout()))
            .orElseGet(() -> new SieveStore(new SieveScripts(config.sieveDir()),
                new MaildirStore(config.mailDir(), mailboxes, local.permissions(), quota,
                    local.fileSystemSync() ? MaildirSync.fileSystem(config.mailDir()) : MaildirSync.perFile()), forwarding,
                local.addressing().recipientDelimiter().orElse(""), clock));
        return new ResolvingStore(resolver, transport, local.tagFolders(), forwarding);
    }

    /** How mail delivered locally is sent on to other addresses (alias targets elsewhere, Sieve redirects). */
    @Provides
    @Singleton
    Forwarding forwarding(SenderRewriting srs, RecipientResolver resolver, MailAuthServices mailAuth) {
        Forwarding sender = config.delivery().forwarding().srs() ? new SrsForwarding(srs, resolver::isLocalDomain) : Forwarding.KEEP_SENDER;
        return mailAuth.arcSealer().<Forwarding>map(sealer -> new ArcSealingForwarding(sender, sealer)).orElse(sender);
    }

    @Provides
    @Singleton
    QueueBackend queueBackend(Clock clock, BounceComposer bounces) {
        return QueueBackend.open(config, clock, bounces);
    }

    @Provides
    QueueAdministration queueAdministration(QueueBackend backend) {
        return backend.administration();
    }

    @Provides
    @Singleton
    MailMetrics metrics(QueueBackend backend, Clock clock) {
        MailMetrics metrics = new MailMetrics(config.node());
        metrics.watchQueue(backend.queue(), backend.administration(), clock);
        metrics.watchLogDamage(backend.droppedLogBytes());
        return metrics;
    }

    /** The queue as the listeners and the delivery engine see it: counted. */
    @Provides
    @Singleton
    MeteredMailQueue meteredQueue(QueueBackend backend, MailMetrics metrics) {
        return new MeteredMailQueue(backend.queue(), metrics);
    }

    @Provides
    @Singleton
    HealthCheck healthCheck(MailQueue queue, QueueBackend backend, DeliveryEngine delivery, List<SmtpListener> listeners) {
        return new HealthCheck(queue, backend.droppedLogBytes(), delivery, listeners);
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
    List<Pop3Listener> pop3Listeners(UserAccounts users, Provider<ServerCertificate> certificate, AuthFailures authFailures) {
        return config.pop3().stream()
            .map(settings -> new Pop3Listener(settings, () -> certificate.get().context(), users, authFailures, config.mailDir()))
            .toList();
    }

    @Provides
    @Singleton
    Optional<ManageSieveListener> manageSieveListener(UserAccounts users, Provider<ServerCertificate> certificate, AuthFailures authFailures) {
        return config.manageSieve().map(settings -> new ManageSieveListener(settings, () -> certificate.get().context(), users, authFailures,
            new SieveScripts(config.sieveDir())));
    }

    @Provides
    @Singleton
    Optional<BearerTokens> bearerTokens() {
        return config.oauth().map(oauth -> {
            try {
                return BearerTokens.of(oauth.jwks(), oauth.issuer(), oauth.audience(), oauth.userClaim());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read mailserver.smtp.auth.oauth.jwks: " + e.getMessage(), e);
            }
        });
    }

    @Provides
    @Singleton
    PluginRegistry plugins() {
        return PluginRegistry.load(config);
    }

    @Provides
    @Singleton
    List<SmtpListener> listeners(RecipientDirectory directory, UserAccounts users, MailQueue queue, DeliveryEngine delivery, IncomingSpool spool,
                                 Provider<ServerCertificate> certificate, AuthFailures authFailures, PolicyHooks policies,
                                 PluginRegistry plugins, MailMetrics metrics, MessageAuthentication mailAuthentication,
                                 Optional<BearerTokens> bearerTokens) {
        MailIntake intake = arrivals(queue, delivery, metrics);
        return config.listeners().stream()
            .map(listener -> {
                SmtpListener.Builder builder = SmtpListener.builder(new ListenerSettings(listener.name(), listener.role(), listener.address(),
                        listener.tls(), config.hostname(), config.sessionLimits(), config.shutdownTimeout()))
                    .directory(directory).users(users).queue(queue).spool(spool).authFailures(authFailures)
                    .intake(intake)
                    .events(metrics).mailAuthentication(mailAuthentication).bearerTokens(bearerTokens.orElse(null))
                    .trustedNetworks(config.trustedNetworks()).tlsCipherSuites(config.tlsCipherSuites())
                    .clientNames(policies.clientNames(config.delivery().dnsTimeout()));
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

    /**
     * Where the listeners hand received mail: the delivery on arrival of local mail, or the queue. One for all
     * listeners, so that the messages being received at once are counted over the whole server.
     */
    private MailIntake arrivals(MailQueue queue, DeliveryEngine delivery, MailMetrics metrics) {
        DeliveryConfig settings = config.delivery();
        return settings.onArrival() ? delivery.arrivals(metrics, settings.onArrivalMinConcurrent()) : queue;
    }

    @Provides
    @Singleton
    MaildropPickup maildropPickup(MailQueue queue, MailAuthServices mailAuth) {
        return new MaildropPickup(new Maildrop(config.maildropDir()), queue, mailAuth.signer());
    }

    @Provides
    @Singleton
    MailAuthServices mailAuthServices(Clock clock) {
        return MailAuthServices.create(config, clock);
    }

    @Provides
    @Singleton
    MessageAuthentication messageAuthentication(MailAuthServices mailAuth) {
        return mailAuth.messageAuthentication();
    }

    @Provides
    @Singleton
    DmarcReportSender dmarcReportSender(MailAuthServices mailAuth, MailQueue queue, Clock clock) {
        return new DmarcReportSender(config, mailAuth.observations(), mailAuth.dns(), queue, mailAuth.signer(), clock);
    }

    @Provides
    @Singleton
    DmarcRoutes dmarcRoutes(MailAuthServices mailAuth) {
        return new DmarcRoutes(mailAuth.observations(), config);
    }

    @Provides
    @Singleton
    DnsJavaResolver dnsJavaResolver() {
        return DnsJavaResolver.using(config.delivery().dnsServers(), config.delivery().dnsTimeout());
    }

    @Provides
    @Singleton
    DnsResolver dnsResolver(DnsJavaResolver dns) {
        return dns;
    }

    /** MTA-STS, DANE and TLS-RPT; report mails go through the (counted) queue. */
    @Provides
    @Singleton
    OutboundTls outboundTls(DnsJavaResolver dns, MailQueue queue, MailMetrics metrics, Clock clock) {
        DeliveryConfig delivery = config.delivery();
        OutboundTlsConfig tls = delivery.outboundTls();
        return new OutboundTls(new OutboundTls.Settings(tls.stsFetchTimeout(), tls.stsHttpsPort(), Optional.of(config.dataDir()),
            tls.trustAnchors(), tls.reports(), Duration.ofHours(1)), dns, delivery.dnsServers(), delivery.dnsTimeout(),
            delivery.remote().trustStore(), queue, metrics.tlsSessions(), clock);
    }

    @Provides
    @Singleton
    RemoteDelivery remoteDelivery(DnsResolver dns, OutboundTls tls) {
        return new RemoteDelivery(config.delivery().remote(), dns, tls.planner(), tls.results());
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
