package dev.mailserver.app;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Plain HTTP requests to a server's admin API, with a token or without. */
final class AdminHttp {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final InetSocketAddress address;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    AdminHttp(InetSocketAddress address) {
        this.address = address;
    }

    /** @param token null for no Authorization header */
    HttpResponse<String> get(String pathAndQuery, String token) throws IOException, InterruptedException {
        return send(request(pathAndQuery, token).GET());
    }

    HttpResponse<String> post(String pathAndQuery, String token) throws IOException, InterruptedException {
        return send(request(pathAndQuery, token).POST(HttpRequest.BodyPublishers.noBody()));
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    private HttpRequest.Builder request(String pathAndQuery, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + address.getPort() + pathAndQuery)).timeout(TIMEOUT);
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
