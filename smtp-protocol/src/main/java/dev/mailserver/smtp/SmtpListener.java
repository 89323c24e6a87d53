package dev.mailserver.smtp;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.apache.james.protocols.api.handler.WiringException;
import org.apache.james.protocols.netty.Encryption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailserver.core.directory.RecipientDirectory;
import dev.mailserver.core.directory.UserDirectory;
import dev.mailserver.core.queue.MailIntake;
import dev.mailserver.core.queue.MailQueue;
import dev.mailserver.plugin.api.AsyncSmtpHook;
import dev.mailserver.smtp.auth.AuthFailures;
import dev.mailserver.smtp.auth.BearerTokens;
import dev.mailserver.smtp.chain.RoleHandlerChain;
import dev.mailserver.smtp.data.IncomingSpool;
import dev.mailserver.smtp.mailauth.MessageAuthentication;
import dev.mailserver.smtp.plugin.PluginHook;
import dev.mailserver.smtp.plugin.PluginRounds;
import dev.mailserver.smtp.server.ClientNames;
import dev.mailserver.smtp.server.InFlightTransactions;
import dev.mailserver.smtp.server.JamesProtocolConfiguration;
import dev.mailserver.smtp.server.NettySmtpServer;
import dev.mailserver.smtp.server.SmtpProtocol;
import dev.mailserver.smtp.tls.ListenerEncryption;
import dev.mailserver.smtp.tls.ServerCertificate;

/**
 * One SMTP listener: it takes mail by the rules of its {@link ListenerRole} and puts it into a
 * {@link MailQueue}, answering {@code 250} only once the queue has stored the message durably.
 *
 * <pre>{@code
 * SmtpListener listener = SmtpListener.builder(
 *         ListenerSettings.withDefaults("submission", ListenerRole.SUBMISSION,
 *             new InetSocketAddress("127.0.0.1", 587), TlsMode.STARTTLS, "mx.example.org"))
 *     .directory(directory).users(users).queue(queue)
 *     .spool(IncomingSpool.open(Path.of("data/incoming")))
 *     .certificate(ServerCertificate.fromPemFiles(certFile, keyFile))
 *     .build();
 * listener.start();
 * ...
 * listener.stop();
 * }</pre>
 */
public final class SmtpListener implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(SmtpListener.class);
    private static final int WAITING_PASSWORD_CHECKS = 64;

    private final ListenerSettings settings;
    private final InFlightTransactions inFlight = new InFlightTransactions();
    private final ThreadPoolExecutor passwordChecks;
    private final NettySmtpServer server;
    private boolean running;

    private SmtpListener(Builder builder) {
        this.settings = builder.settings;
        int threads = Runtime.getRuntime().availableProcessors();
        this.passwordChecks = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(WAITING_PASSWORD_CHECKS), Thread.ofPlatform().name("smtp-" + settings.name() + "-auth-", 0).daemon().factory());
        passwordChecks.allowCoreThreadTimeOut(true);
        ListenerServices services = new ListenerServices(builder.directory, builder.users, builder.queue,
            builder.intake == null ? builder.queue : builder.intake, builder.spool,
            passwordChecks, builder.authFailures,
            new PluginRounds(builder.hooks, settings.name(), settings.role().name().toLowerCase(Locale.ROOT)), builder.events,
            builder.mailAuthentication, builder.bearerTokens, builder.trusted);
        SmtpProtocol protocol;
        try {
            protocol = new SmtpProtocol(RoleHandlerChain.build(settings, services, inFlight),
                new JamesProtocolConfiguration(settings.hostname(), settings.limits().maxMessageSize(),
                    settings.role() == ListenerRole.MTA ? builder.trusted : TrustedNetworks.NONE));
        } catch (WiringException e) {
            throw new IllegalStateException("the SMTP handler chain is wired wrongly", e);
        }
        Encryption encryption = settings.tls() == TlsMode.NONE ? null
            : new ListenerEncryption(builder.certificate, settings.tls() == TlsMode.STARTTLS, builder.tlsCipherSuites);
        this.server = new NettySmtpServer(settings, protocol, encryption, builder.events, builder.trusted, builder.clientNames);
    }

    public static Builder builder(ListenerSettings settings) {
        return new Builder(settings);
    }

    public synchronized void start() throws InterruptedException {
        if (running) {
            throw new IllegalStateException("listener " + settings.name() + " is already running");
        }
        server.start();
        running = true;
        LOGGER.info("SMTP listener {} ({}, TLS {}) listening on {}", settings.name(), settings.role(), settings.tls(), address());
    }

    public synchronized boolean isRunning() {
        return running;
    }

    /** The address actually bound (useful with port 0). */
    public InetSocketAddress address() {
        return server.boundAddress();
    }

    public ListenerSettings settings() {
        return settings;
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
        passwordChecks.shutdownNow();
        LOGGER.info("SMTP listener {} stopped", settings.name());
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    /** Collects what a listener needs; {@link #build()} says what is missing. */
    public static final class Builder {
        private final ListenerSettings settings;
        private RecipientDirectory directory;
        private UserDirectory users;
        private MailQueue queue;
        private MailIntake intake;
        private IncomingSpool spool;
        private ServerCertificate certificate;
        private AuthFailures authFailures = AuthFailures.defaults();
        private final List<PluginHook> hooks = new ArrayList<>();
        private ListenerEvents events = ListenerEvents.NONE;
        private MessageAuthentication mailAuthentication;
        private BearerTokens bearerTokens;
        private TrustedNetworks trusted = TrustedNetworks.NONE;
        private ClientNames clientNames = ClientNames.NONE;
        private List<String> tlsCipherSuites = ListenerEncryption.AEAD_TLS12_SUITES;

        private Builder(ListenerSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
        }

        /** The local domains and mailboxes. Required. */
        public Builder directory(RecipientDirectory directory) {
            this.directory = directory;
            return this;
        }

        /** Who may log in. Required for submission listeners. */
        public Builder users(UserDirectory users) {
            this.users = users;
            return this;
        }

        /** Where accepted mail goes. Required. */
        public Builder queue(MailQueue queue) {
            this.queue = queue;
            return this;
        }

        /** Where accepted mail goes instead of straight into {@link #queue}, e.g. a delivery on arrival. Optional. */
        public Builder intake(MailIntake intake) {
            this.intake = intake;
            return this;
        }

        /** Where DATA is written while it arrives. Required. */
        public Builder spool(IncomingSpool spool) {
            this.spool = spool;
            return this;
        }

        /** The certificate for TLS. Required unless the listener's TLS mode is NONE. */
        public Builder certificate(ServerCertificate certificate) {
            this.certificate = certificate;
            return this;
        }

        /** Failed-AUTH counts to share with other listeners; by default the listener keeps its own. */
        public Builder authFailures(AuthFailures authFailures) {
            this.authFailures = authFailures;
            return this;
        }

        /**
         * Adds a plugin's hook (see {@link dev.mailserver.plugin.api}); hooks run in the order added, after
         * the server's own rules of each phase.
         */
        public Builder hook(PluginHook hook) {
            hooks.add(Objects.requireNonNull(hook, "hook"));
            return this;
        }

        /** Adds a hook with the default timeout and failure reply ({@code 451 4.3.0}). */
        public Builder hook(String pluginName, AsyncSmtpHook hook) {
            return hook(PluginHook.of(pluginName, hook));
        }

        /**
         * SPF, DKIM and DMARC of mail received by an MTA listener, DKIM signing of mail sent through a
         * submission listener; by default neither.
         */
        public Builder mailAuthentication(MessageAuthentication mailAuthentication) {
            this.mailAuthentication = mailAuthentication;
            return this;
        }

        /** Who is told about connections, TLS sessions and failed logins; by default no one. */
        public Builder events(ListenerEvents events) {
            this.events = events;
            return this;
        }

        /** Offers AUTH OAUTHBEARER and XOAUTH2 on submission listeners, with tokens checked thus; by default not offered. */
        public Builder bearerTokens(BearerTokens tokens) {
            this.bearerTokens = tokens;
            return this;
        }

        /**
         * The client networks that may relay on an MTA listener without AUTH and that are exempt from the
         * per-client connection limit; by default none.
         */
        /** How clients' names are looked up for {@code Received:} and the log (default: not at all). */
        public Builder clientNames(ClientNames clientNames) {
            this.clientNames = clientNames;
            return this;
        }

        public Builder trustedNetworks(TrustedNetworks trusted) {
            this.trusted = trusted;
            return this;
        }

        /** The TLS 1.2 cipher suites offered (JDK names); by default {@link ListenerEncryption#AEAD_TLS12_SUITES}. */
        public Builder tlsCipherSuites(List<String> suites) {
            this.tlsCipherSuites = List.copyOf(suites);
            return this;
        }

        public SmtpListener build() {
            require(directory, "a recipient directory");
            require(queue, "a mail queue");
            require(spool, "an incoming spool");
            require(authFailures, "failed-AUTH counts");
            require(events, "listener events");
            if (settings.role() == ListenerRole.SUBMISSION) {
                require(users, "a user directory (for AUTH)");
            }
            if (settings.tls() != TlsMode.NONE) {
                require(certificate, "a server certificate (for TLS)");
            }
            return new SmtpListener(this);
        }

        private void require(Object value, String what) {
            if (value == null) {
                throw new IllegalStateException("listener " + settings.name() + " needs " + what);
            }
        }
    }
}
