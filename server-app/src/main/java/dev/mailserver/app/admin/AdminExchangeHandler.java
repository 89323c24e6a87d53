package dev.mailserver.app.admin;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/**
 * Turns one HTTP exchange into an {@link AdminRequest} for the {@link AdminRoutes} and writes the answer: it
 * refuses a request with a body (none of the endpoints takes one) or a long URI, and one without the bearer
 * token unless it asks for {@code /health}. A failure the client did not cause is a 500 whose body says only
 * that; the log has the details.
 */
final class AdminExchangeHandler implements HttpHandler {
    static final String HEALTH = "/health";
    private static final Logger LOGGER = LoggerFactory.getLogger(AdminExchangeHandler.class);
    private static final int MAX_URI_LENGTH = 8192;
    private static final String BEARER = "Bearer ";

    private final AdminRoutes routes;
    private final byte[] token;

    AdminExchangeHandler(AdminRoutes routes, String token) {
        this.routes = routes;
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            write(exchange, answer(exchange));
        }
    }

    private AdminResponse answer(HttpExchange exchange) {
        AdminRequest request = null;
        try {
            refuseUnwanted(exchange);
            request = AdminRequest.of(exchange.getRequestMethod(), exchange.getRequestURI());
            if (!request.path().equals(HEALTH) && !isAuthorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
                throw new AdminHttpException(401, "missing or wrong bearer token (Authorization: Bearer <token>)");
            }
            return routes.dispatch(request);
        } catch (AdminHttpException e) {
            return AdminResponse.error(e.status(), e.getMessage());
        } catch (IllegalArgumentException e) {
            return AdminResponse.error(400, e.getMessage());
        } catch (Exception e) {
            LOGGER.error("Admin API: {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI().getPath(), e);
            return AdminResponse.error(500, "internal error; the server log has the details");
        }
    }

    private static void refuseUnwanted(HttpExchange exchange) {
        if (exchange.getRequestURI().toString().length() > MAX_URI_LENGTH) {
            throw new AdminHttpException(414, "the request URI is longer than " + MAX_URI_LENGTH + " characters");
        }
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (exchange.getRequestHeaders().containsKey("Transfer-Encoding") || length != null && !length.trim().equals("0")) {
            throw new AdminHttpException(413, "the admin API takes no request body; filters go in the query");
        }
    }

    private boolean isAuthorized(String header) {
        return header != null && header.startsWith(BEARER)
            && MessageDigest.isEqual(header.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8), token);
    }

    private static void write(HttpExchange exchange, AdminResponse response) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", response.contentType());
        byte[] body = response.body();
        exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
