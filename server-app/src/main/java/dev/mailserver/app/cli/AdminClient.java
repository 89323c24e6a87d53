package dev.mailserver.app.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Talks to a running server's admin API, as the {@code mailserver queue} commands do. */
public final class AdminClient {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();

    AdminClient(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    /** The answer's JSON text. */
    public String get(String path, Map<String, String> query) throws AdminApiException, InterruptedException {
        return send(request(path, query).GET());
    }

    public String post(String path, Map<String, String> query) throws AdminApiException, InterruptedException {
        return send(request(path, query).POST(HttpRequest.BodyPublishers.noBody()));
    }

    public <T> T read(String json, TypeReference<T> type) throws AdminApiException {
        try {
            return JSON.readValue(json, type);
        } catch (IOException e) {
            throw new AdminApiException(AdminApiException.EXIT_FAILED, "the admin API at " + base + " answered something unexpected: " + e.getMessage());
        }
    }

    private HttpRequest.Builder request(String path, Map<String, String> query) {
        String queryString = query.entrySet().stream()
            .map(entry -> encode(entry.getKey()) + "=" + encode(entry.getValue()))
            .collect(Collectors.joining("&"));
        URI uri = base.resolve(path + (queryString.isEmpty() ? "" : "?" + queryString));
        return HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).header("Authorization", "Bearer " + token);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private String send(HttpRequest.Builder request) throws AdminApiException, InterruptedException {
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AdminApiException(AdminApiException.EXIT_FAILED,
                "cannot reach the admin API at " + base + " (" + e + "): is the server running?");
        }
        return switch (response.statusCode()) {
            case 200 -> response.body();
            case 400 -> throw new AdminApiException(AdminApiException.EXIT_BAD_USAGE, errorOf(response));
            case 401 -> throw new AdminApiException(AdminApiException.EXIT_FAILED,
                "the admin API at " + base + " refused the token: " + errorOf(response));
            default -> throw new AdminApiException(AdminApiException.EXIT_FAILED, errorOf(response));
        };
    }

    private static String errorOf(HttpResponse<String> response) {
        try {
            JsonNode error = JSON.readTree(response.body()).get("error");
            if (error != null) {
                return error.asText();
            }
        } catch (IOException e) {
            // not our JSON: show the status below
        }
        return "HTTP " + response.statusCode() + " from " + response.uri();
    }
}
