package dev.mailserver.app.admin;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One admin API request as the routes see it: method, path, decoded query parameters (the last value of a
 * repeated one wins) and the values of the route's {@code {name}} path segments.
 */
final class AdminRequest {
    private final String method;
    private final String path;
    private final Map<String, String> query;
    private final Map<String, String> pathParameters;

    private AdminRequest(String method, String path, Map<String, String> query, Map<String, String> pathParameters) {
        this.method = method;
        this.path = path;
        this.query = query;
        this.pathParameters = pathParameters;
    }

    static AdminRequest of(String method, URI uri) {
        return new AdminRequest(method, uri.getPath(), query(uri.getRawQuery()), Map.of());
    }

    AdminRequest withPathParameters(Map<String, String> parameters) {
        return new AdminRequest(method, path, query, Map.copyOf(parameters));
    }

    String method() {
        return method;
    }

    String path() {
        return path;
    }

    /** The path split at {@code /}, without empty segments: {@code /queue/abc/} is {@code [queue, abc]}. */
    List<String> segments() {
        return segmentsOf(path);
    }

    static List<String> segmentsOf(String path) {
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (!segment.isEmpty()) {
                segments.add(segment);
            }
        }
        return segments;
    }

    /** The query parameters in their order, each with its last value. */
    Map<String, String> queryParameters() {
        return query;
    }

    /** @return null when the query has no such parameter */
    String queryParameter(String name) {
        return query.get(name);
    }

    String pathParameter(String name) {
        String value = pathParameters.get(name);
        if (value == null) {
            throw new IllegalStateException("the route has no path parameter " + name);
        }
        return value;
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            parameters.put(name, equals < 0 ? "" : decode(pair.substring(equals + 1)));
        }
        return parameters;
    }

    private static String decode(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new AdminHttpException(400, "bad percent-encoding in the query: " + value);
        }
    }
}
