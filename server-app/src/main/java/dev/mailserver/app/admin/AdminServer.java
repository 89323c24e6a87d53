package dev.mailserver.app.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.james.core.Domain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.Inject;
import com.sun.net.httpserver.HttpServer;

import dev.mailserver.app.config.ServerConfig;
import dev.mailserver.app.metrics.MailMetrics;
import dev.mailserver.storage.directory.Aliases;
import dev.mailserver.storage.directory.DomainAliases;
import dev.mailserver.storage.directory.LocalDomains;
import dev.mailserver.storage.users.UserAccounts;

/**
 * The admin API over HTTP, on the JDK's {@link HttpServer}: {@code /health} for anyone, everything else
 * ({@code /metrics}, {@code /queue...}, {@code /users}, {@code /domains}, {@code /aliases} with the catch-alls,
 * {@code /domain-aliases}, {@code /dmarc...}) only with
 * the bearer token. Errors are JSON {@code {"error": "..."}}. Requests run on a
 * small bounded pool ({@value #THREADS} threads; when its queue is full the accepting thread runs the request
 * itself, which slows down accepting); a request must arrive within {@value #REQUEST_SECONDS} s and its answer
 * be taken within {@value #RESPONSE_SECONDS} s.
 */
public final class AdminServer {
    private static final Logger LOGGER = LoggerFactory.getLogger(AdminServer.class);
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final int THREADS = 4;
    private static final int QUEUED_REQUESTS = 64;
    private static final int REQUEST_SECONDS = 30;
    private static final int RESPONSE_SECONDS = 60;

    private final ServerConfig config;
    private final HealthCheck health;
    private final MailMetrics metrics;
    private final UserAccounts users;
    private final LocalDomains domains;
    private final Aliases aliases;
    private final DomainAliases domainAliases;
    private final QueueRoutes queueRoutes;
    private final DmarcRoutes dmarcRoutes;
    private HttpServer server;
    private ThreadPoolExecutor executor;

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
        AdminExchangeHandler handler = new AdminExchangeHandler(routes(), token());
        limitRequestAndResponseTimes();
        InetSocketAddress address = config.admin().address();
        try {
            server = HttpServer.create(address, 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + address + " (mailserver.admin.address, port)", e);
        }
        executor = new ThreadPoolExecutor(THREADS, THREADS, 1, TimeUnit.MINUTES, new ArrayBlockingQueue<>(QUEUED_REQUESTS),
            Thread.ofPlatform().name("admin-http-", 1).daemon().factory(), new ThreadPoolExecutor.CallerRunsPolicy());
        server.setExecutor(executor);
        server.createContext("/", handler);
        server.start();
        LOGGER.info("Admin API listening on http://{}:{}", address.getHostString(), server.getAddress().getPort());
    }

    private AdminRoutes routes() {
        AdminRoutes routes = new AdminRoutes();
        routes.get(AdminExchangeHandler.HEALTH, request -> {
            HealthCheck.Health state = health.check();
            return AdminResponse.json(state.status().equals(HealthCheck.UP) ? 200 : 503, state);
        });
        routes.get("/metrics", request -> AdminResponse.text(PROMETHEUS_TEXT, metrics.scrape()));
        routes.get("/users", request -> AdminResponse.json(users.addresses()));
        routes.get("/domains", request -> AdminResponse.json(Stream.concat(config.domains().stream(), domains.list().stream())
            .map(Domain::asString).distinct().toList()));
        routes.get("/aliases", request -> AdminResponse.json(aliases.list()));
        routes.get("/domain-aliases", request -> AdminResponse.json(domainAliases.list()));
        queueRoutes.addTo(routes);
        dmarcRoutes.addTo(routes);
        return routes;
    }

    /** The JDK server reads these once, when its first server starts; a value set on the command line wins. */
    private static void limitRequestAndResponseTimes() {
        setIfAbsent("sun.net.httpserver.maxReqTime", REQUEST_SECONDS);
        setIfAbsent("sun.net.httpserver.maxRspTime", RESPONSE_SECONDS);
    }

    private static void setIfAbsent(String property, int seconds) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, Integer.toString(seconds));
        }
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

    /** Where the API listens (useful with port 0). */
    public synchronized InetSocketAddress address() {
        if (server == null) {
            throw new IllegalStateException("the admin API is not running");
        }
        return new InetSocketAddress(config.admin().address().getAddress(), server.getAddress().getPort());
    }

    /** Stops listening; requests under way get up to a second to finish. */
    public synchronized void stop() {
        if (server != null) {
            server.stop(1);
            executor.shutdownNow();
            server = null;
            executor = null;
        }
    }
}
