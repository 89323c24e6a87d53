package dev.mailserver.app.admin;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** What the admin API answers: a status, a content type and the body. Errors are {@code {"error": "..."}}. */
record AdminResponse(int status, String contentType, byte[] body) {
    static final String JSON_TYPE = "application/json";
    private static final ObjectMapper JSON = new ObjectMapper();

    static AdminResponse json(Object value) {
        return json(200, value);
    }

    static AdminResponse json(int status, Object value) {
        try {
            return new AdminResponse(status, JSON_TYPE, JSON.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the answer as JSON", e);
        }
    }

    static AdminResponse text(String contentType, String body) {
        return new AdminResponse(200, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    static AdminResponse error(int status, String message) {
        return json(status, Map.of("error", message));
    }
}
