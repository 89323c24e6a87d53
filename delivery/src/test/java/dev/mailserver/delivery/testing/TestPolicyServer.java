package dev.mailserver.delivery.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * An HTTPS server on 127.0.0.1 (the JDK's) for MTA-STS policies and TLS-RPT reports: it answers GETs of
 * the paths a test sets, and keeps the bodies of POSTs (answered 200 unless a test sets otherwise).
 */
public final class TestPolicyServer implements AutoCloseable {
    private final HttpsServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<Posted> posted = new CopyOnWriteArrayList<>();

    public record Answer(int status, String mediaType, String body, Map<String, String> headers) {
    }

    public record Posted(String path, String mediaType, byte[] body) {
    }

    private TestPolicyServer(HttpsServer server) {
        this.server = server;
        server.createContext("/", this::handle);
        server.start();
    }

    public static TestPolicyServer start(SSLContext tls) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        return new TestPolicyServer(server);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The MTA-STS policy at /.well-known/mta-sts.txt, as text/plain. */
    public TestPolicyServer policy(String text) {
        return answer("/.well-known/mta-sts.txt", new Answer(200, "text/plain", text, Map.of()));
    }

    public TestPolicyServer answer(String path, Answer answer) {
        answers.put(path, answer);
        return this;
    }

    /** The paths asked for, in order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    public List<Posted> posted() {
        return List.copyOf(posted);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        requests.add(exchange.getRequestMethod() + " " + path);
        if (exchange.getRequestMethod().equals("POST")) {
            posted.add(new Posted(path, exchange.getRequestHeaders().getFirst("Content-Type"), exchange.getRequestBody().readAllBytes()));
        }
        Answer answer = answers.getOrDefault(path, exchange.getRequestMethod().equals("POST")
            ? new Answer(200, "text/plain", "", Map.of())
            : new Answer(404, "text/plain", "not found", Map.of()));
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", answer.mediaType());
        answer.headers().forEach(exchange.getResponseHeaders()::add);
        exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
