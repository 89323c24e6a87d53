package dev.mailserver.app.admin;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The admin API's routing table: GET and POST routes by path, where a {@code {name}} segment matches any one
 * segment (read with {@link AdminRequest#pathParameter}). A fixed segment wins over a {@code {name}} one, so
 * {@code /queue/counts} is not {@code /queue/{id}}.
 */
final class AdminRoutes {
    /** Answers one request; throws {@link AdminHttpException} or {@link IllegalArgumentException} (400) to refuse it. */
    @FunctionalInterface
    interface Handler {
        AdminResponse handle(AdminRequest request) throws Exception;
    }

    private record Route(String method, List<String> segments, Handler handler) {
        int fixedSegments() {
            return (int) segments.stream().filter(segment -> !isParameter(segment)).count();
        }
    }

    private final List<Route> routes = new ArrayList<>();

    void get(String path, Handler handler) {
        add("GET", path, handler);
    }

    void post(String path, Handler handler) {
        add("POST", path, handler);
    }

    private void add(String method, String path, Handler handler) {
        routes.add(new Route(method, AdminRequest.segmentsOf(path), handler));
    }

    /** @throws AdminHttpException 404 for a path no route has, 405 for a method the path's routes do not take */
    AdminResponse dispatch(AdminRequest request) throws Exception {
        List<String> segments = request.segments();
        Route best = null;
        boolean pathKnown = false;
        for (Route route : routes) {
            if (parameters(route, segments) == null) {
                continue;
            }
            pathKnown = true;
            if (route.method().equals(request.method()) && (best == null || route.fixedSegments() > best.fixedSegments())) {
                best = route;
            }
        }
        if (best == null) {
            throw pathKnown ? new AdminHttpException(405, request.method() + " is not allowed on " + request.path())
                : new AdminHttpException(404, "no such endpoint: " + request.path());
        }
        return best.handler().handle(request.withPathParameters(parameters(best, segments)));
    }

    /** @return the path parameters, or null when the route does not match the segments */
    private static Map<String, String> parameters(Route route, List<String> segments) {
        if (route.segments().size() != segments.size()) {
            return null;
        }
        Map<String, String> parameters = new HashMap<>();
        for (int i = 0; i < segments.size(); i++) {
            String expected = route.segments().get(i);
            if (isParameter(expected)) {
                parameters.put(expected.substring(1, expected.length() - 1), segments.get(i));
            } else if (!expected.equals(segments.get(i))) {
                return null;
            }
        }
        return parameters;
    }

    private static boolean isParameter(String segment) {
        return segment.startsWith("{") && segment.endsWith("}");
    }
}
