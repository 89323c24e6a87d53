package dev.mailserver.app.admin;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.inject.Inject;

import dev.mailserver.core.QueueId;
import dev.mailserver.core.queue.QueueAdministration;
import dev.mailserver.core.queue.QueueFilter;

/**
 * The admin API's queue endpoints, on {@link QueueAdministration}: {@code GET /queue} (list, with the
 * filter parameters of {@link QueueFilterParameters} and {@code limit}), {@code GET /queue/counts},
 * {@code GET /queue/{id}}, and {@code POST /queue/flush|hold|release|requeue|delete} with the same filter. A
 * change with no filter is refused unless it says {@code all=true}, so that no one empties the queue by mistake.
 */
public final class QueueRoutes {
    public static final int DEFAULT_LIMIT = 1000;
    private static final String LIMIT = "limit";
    private static final String ALL = "all";

    private final QueueAdministration queue;

    @Inject
    QueueRoutes(QueueAdministration queue) {
        this.queue = queue;
    }

    @FunctionalInterface
    private interface Change {
        List<QueueId> apply(QueueFilter filter) throws IOException;
    }

    void addTo(AdminRoutes routes) {
        routes.get("/queue", this::list);
        routes.get("/queue/counts", request -> AdminResponse.json(QueueViews.Counts.of(queue.counts())));
        routes.get("/queue/{id}", this::show);
        Map<String, Change> changes = Map.of("flush", queue::flush, "hold", queue::hold, "release", queue::release,
            "requeue", queue::requeue, "delete", queue::delete);
        changes.forEach((operation, change) -> routes.post("/queue/" + operation,
            request -> AdminResponse.json(QueueViews.Changed.of(operation, change.apply(changeFilter(request))))));
    }

    private AdminResponse list(AdminRequest request) throws IOException {
        return AdminResponse.json(queue.list(filter(request), limit(request)).stream().map(QueueViews.Message::of).toList());
    }

    private AdminResponse show(AdminRequest request) throws IOException {
        String id = request.pathParameter("id");
        QueueId queueId;
        try {
            queueId = new QueueId(id);
        } catch (IllegalArgumentException e) {
            throw new AdminHttpException(404, "no message " + id + " in the queue: not a queue id");
        }
        return AdminResponse.json(QueueViews.Details.of(queue.show(queueId)
            .orElseThrow(() -> new AdminHttpException(404, "no message " + id + " in the queue"))));
    }

    private static QueueFilter filter(AdminRequest request) {
        return QueueFilterParameters.parse(parametersExcept(request, LIMIT));
    }

    /** The filter of a change: at least one filter parameter, or {@code all=true} for every message. */
    private static QueueFilter changeFilter(AdminRequest request) {
        Map<String, String> parameters = parametersExcept(request, ALL);
        String all = request.queryParameter(ALL);
        if (all != null && !all.equals("true")) {
            throw new IllegalArgumentException("bad all '" + all + "': only all=true is allowed");
        }
        if (parameters.isEmpty() && all == null) {
            throw new IllegalArgumentException("name the messages: filter parameters " + QueueFilterParameters.NAMES
                + ", or all=true for every message");
        }
        return QueueFilterParameters.parse(parameters);
    }

    private static Map<String, String> parametersExcept(AdminRequest request, String excluded) {
        Map<String, String> parameters = new LinkedHashMap<>(request.queryParameters());
        parameters.remove(excluded);
        return parameters;
    }

    private static int limit(AdminRequest request) {
        String value = request.queryParameter(LIMIT);
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit > 0) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below like any other bad limit
        }
        throw new IllegalArgumentException("bad limit '" + value + "': a positive number");
    }
}
