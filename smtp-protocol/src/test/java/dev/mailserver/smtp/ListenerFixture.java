package dev.mailserver.smtp;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;

import dev.mailserver.core.QueueId;
import dev.mailserver.core.queue.BounceComposer;
import dev.mailserver.core.queue.QueuedMail;
import dev.mailserver.queue.QueueSettings;
import dev.mailserver.queue.RocksDbMailQueue;
import dev.mailserver.smtp.auth.AuthFailures;
import dev.mailserver.smtp.auth.BearerTokens;
import dev.mailserver.smtp.data.IncomingSpool;
import dev.mailserver.smtp.mailauth.MessageAuthentication;
import dev.mailserver.smtp.plugin.PluginHook;
import dev.mailserver.smtp.server.ClientNames;
import dev.mailserver.smtp.tls.ServerCertificate;
import dev.mailserver.storage.directory.ConfiguredDirectory;
import dev.mailserver.storage.users.UserAccounts;

/**
 * Listeners embedded on their own over a real spool, users file and self-signed certificate: the
 * local domain is example.test with the mailbox alice@example.test, who may log in with
 * {@link #PASSWORD}.
 */
final class ListenerFixture implements AutoCloseable {
    static final String USER = "alice@example.test";
    static final String PASSWORD = "correct horse battery staple";

    private final Path root;
    private final RocksDbMailQueue queue;
    private final ConfiguredDirectory directory;
    private final UserAccounts users;
    private final ServerCertificate certificate;
    private final IncomingSpool spool;
    private final List<SmtpListener> listeners = new ArrayList<>();
    private BearerTokens bearerTokens;
    private ClientNames clientNames = ClientNames.NONE;

    ListenerFixture(Path root) throws Exception {
        this(root, QueueSettings.defaults());
    }

    ListenerFixture(Path root, QueueSettings queueSettings) throws Exception {
        this.root = root;
        queue = RocksDbMailQueue.open(root.resolve("spool"), Clock.systemUTC(), queueSettings, BounceComposer.NONE);
        users = UserAccounts.open(root.resolve("users"));
        if (users.addresses().isEmpty()) {
            users.add(new MailAddress(USER), PASSWORD);
        }
        directory = new ConfiguredDirectory(Set.of(Domain.of("example.test")), Set.of(), users::exists);
        certificate = ServerCertificate.selfSigned(root.resolve("tls"), "mx.example.test");
        spool = IncomingSpool.open(root.resolve("incoming"));
    }

    static SessionLimits limits(Duration idleTimeout) {
        SessionLimits defaults = SessionLimits.defaults();
        return new SessionLimits(defaults.maxMessageSize(), defaults.maxLineLength(), defaults.maxRecipients(), defaults.maxTransactions(), idleTimeout,
            defaults.maxSessionTime(), defaults.maxConnections(), defaults.maxConnectionsPerClient(), defaults.maxErrors(),
            defaults.maxCommands(), defaults.maxAuthFailures());
    }

    InetSocketAddress start(ListenerRole role, TlsMode tls) throws InterruptedException {
        return start(role, tls, SessionLimits.defaults(), AuthFailures.defaults());
    }

    InetSocketAddress start(ListenerRole role, TlsMode tls, SessionLimits limits, AuthFailures authFailures) throws InterruptedException {
        return start(role, tls, limits, authFailures, List.of());
    }

    InetSocketAddress start(ListenerRole role, TlsMode tls, List<PluginHook> hooks) throws InterruptedException {
        return start(role, tls, SessionLimits.defaults(), AuthFailures.defaults(), hooks);
    }

    InetSocketAddress start(ListenerRole role, TlsMode tls, SessionLimits limits, AuthFailures authFailures, List<PluginHook> hooks)
            throws InterruptedException {
        return start(role, tls, limits, authFailures, hooks, null, TrustedNetworks.NONE);
    }

    InetSocketAddress start(ListenerRole role, TlsMode tls, MessageAuthentication authentication) throws InterruptedException {
        return start(role, tls, authentication, TrustedNetworks.NONE);
    }

    InetSocketAddress start(ListenerRole role, TlsMode tls, MessageAuthentication authentication, TrustedNetworks trusted)
            throws InterruptedException {
        return start(role, tls, SessionLimits.defaults(), AuthFailures.defaults(), List.of(), authentication, trusted);
    }

    InetSocketAddress start(ListenerRole role, TlsMode tls, SessionLimits limits, TrustedNetworks trusted, List<PluginHook> hooks)
            throws InterruptedException {
        return start(role, tls, limits, AuthFailures.defaults(), hooks, null, trusted);
    }

    private InetSocketAddress start(ListenerRole role, TlsMode tls, SessionLimits limits, AuthFailures authFailures, List<PluginHook> hooks,
                                    MessageAuthentication authentication, TrustedNetworks trusted) throws InterruptedException {
        ListenerSettings settings = new ListenerSettings(role.name().toLowerCase() + "-" + tls.name().toLowerCase(), role,
            new InetSocketAddress("127.0.0.1", 0), tls, "mx.example.test", limits, Duration.ofSeconds(5));
        SmtpListener.Builder builder = SmtpListener.builder(settings).directory(directory).users(users).queue(queue).spool(spool)
            .certificate(certificate).authFailures(authFailures).mailAuthentication(authentication).bearerTokens(bearerTokens)
            .trustedNetworks(trusted).clientNames(clientNames);
        hooks.forEach(builder::hook);
        SmtpListener listener = builder.build();
        listener.start();
        listeners.add(listener);
        return listener.address();
    }

    /** Listeners started from now on look clients' names up this way. */
    void clientNames(ClientNames names) {
        this.clientNames = names;
    }

    /** Listeners started from now on offer OAUTHBEARER and XOAUTH2 with these tokens. */
    void bearerTokens(BearerTokens tokens) {
        this.bearerTokens = tokens;
    }

    RocksDbMailQueue queue() {
        return queue;
    }

    QueuedMail queued(String reply) {
        return queue.find(idIn(reply)).orElseThrow();
    }

    String content(String reply) throws IOException {
        try (InputStream in = queue.content(idIn(reply)).openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static QueueId idIn(String reply) {
        if (!reply.startsWith("250 2.0.0 Ok: queued as ")) {
            throw new AssertionError("not queued: " + reply);
        }
        return new QueueId(reply.substring(reply.lastIndexOf(' ') + 1));
    }

    Path root() {
        return root;
    }

    @Override
    public void close() throws Exception {
        for (SmtpListener listener : listeners) {
            listener.stop();
        }
        queue.close();
    }
}
