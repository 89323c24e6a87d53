package dev.mailserver.app.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import java.security.MessageDigest;
import java.util.Map;

import org.apache.james.core.Domain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.Inject;

import dev.mailserver.app.config.ServerConfig;
import dev.mailserver.app.metrics.MailMetrics;
import dev.mailserver.storage.Aliases;
import dev.mailserver.storage.DomainAliases;
import dev.mailserver.storage.LocalDomains;
import dev.mailserver.storage.UserAccounts;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.UnauthorizedResponse;

/**
 * The admin API over HTTP: {@code /health} for anyone, everything else ({@code /metrics}, {@code /queue...},
 * {@code /users}, {@code /domains}, {@code /aliases} with the catch-alls, {@code /domain-aliases}, {@code /dmarc...}) only with the bearer token. Errors are JSON {@code {"error": "..."}}.
 */
public final class AdminServer {
    private static final Logger LOGGER = LoggerFactory.getLogger(AdminServer.class);
    private static final String HEALTH = "/health";
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final ServerConfig config;
    private final HealthCheck health;
    private final MailMetrics metrics;
    private final UserAccounts users;
    private final LocalDomains domains;
    private final Aliases aliases;
    private final DomainAliases domainAliases;
    private final QueueRoutes queueRoutes;
    private final DmarcRoutes dmarcRoutes;
    private Javalin app;

    @Inject
    AdminServer(ServerConfig config, HealthCheck health, MailMetrics metrics, UserAccounts users, LocalDomains domains, Aliases aliases,
                DomainAliases domainAliases, QueueRoutes queueRoutes, DmarcRoutes dmarcRoutes) {
        this.config = config;
        this.domains = domains;
        this.aliases = aliases;
        this.domainAliases = domainAliases;
        this.health = health;
        this.metrics = metrics;
        this.users = users;
        this.queueRoutes = queueRoutes;
        this.dmarcRoutes = dmarcRoutes;
    }

    /** Starts listening, unless the admin API is switched off. */
    public synchronized void start() {
        if (!config.admin().enabled()) {
            LOGGER.info("Admin API switched off (mailserver.admin.enabled)");
            return;
        }
        byte[] token = token().getBytes(StandardCharsets.UTF_8);
        app = Javalin.create(javalin -> {
            javalin.showJavalinBanner = false;
            javalin.useVirtualThreads = true;
        });
        app.before(ctx -> {
            if (!ctx.path().equals(HEALTH) && !isAuthorized(ctx, token)) {
                throw new UnauthorizedResponse("missing or wrong bearer token (Authorization: Bearer <token>)");
            }
        });
        app.get(HEALTH, this::health);
        app.get("/metrics", ctx -> ctx.contentType(PROMETHEUS_TEXT).result(metrics.scrape()));
        app.get("/users", ctx -> ctx.json(users.addresses()));
        app.get("/domains", ctx -> ctx.json(Stream.concat(config.domains().stream(), domains.list().stream())
            .map(Domain::asString).distinct().toList()));
        app.get("/aliases", ctx -> ctx.json(aliases.list()));
        app.get("/domain-aliases", ctx -> ctx.json(domainAliases.list()));
        queueRoutes.addTo(app);
        dmarcRoutes.addTo(app);
        app.exception(HttpResponseException.class, (e, ctx) -> error(ctx, HttpStatus.forStatus(e.getStatus()), e.getMessage()));
        app.exception(IllegalArgumentException.class, (e, ctx) -> error(ctx, HttpStatus.BAD_REQUEST, e.getMessage()));
        app.exception(Exception.class, (e, ctx) -> {
            LOGGER.error("Admin API: {} {} failed", ctx.method(), ctx.path(), e);
            error(ctx, HttpStatus.INTERNAL_SERVER_ERROR, "internal error; the server log has the details");
        });
        InetSocketAddress address = config.admin().address();
        app.start(address.getHostString(), address.getPort());
        LOGGER.info("Admin API listening on http://{}:{}", address.getHostString(), app.port());
    }

    private String token() {
        try {
            String token = AdminToken.forServer(config);
            if (config.admin().token().isEmpty()) {
                LOGGER.info("Admin API token in {}", config.adminTokenFile().toAbsolutePath());
            }
            return token;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or make the admin token " + config.adminTokenFile(), e);
        }
    }

    private static boolean isAuthorized(Context ctx, byte[] token) {
        String header = ctx.header("Authorization");
        String prefix = "Bearer ";
        return header != null && header.startsWith(prefix)
            && MessageDigest.isEqual(header.substring(prefix.length()).trim().getBytes(StandardCharsets.UTF_8), token);
    }

    private void health(Context ctx) {
        HealthCheck.Health state = health.check();
        ctx.status(state.status().equals(HealthCheck.UP) ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json(state);
    }

    private static void error(Context ctx, HttpStatus status, String message) {
        ctx.status(status).json(Map.of("error", message));
    }

    /** Where the API listens (useful with port 0). */
    public synchronized InetSocketAddress address() {
        if (app == null) {
            throw new IllegalStateException("the admin API is not running");
        }
        return new InetSocketAddress(config.admin().address().getAddress(), app.port());
    }

    public synchronized void stop() {
        if (app != null) {
            app.stop();
            app = null;
        }
    }
}
