package dev.mailserver.app.admin;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.inject.Inject;

import dev.mailserver.core.QueueId;
import dev.mailserver.core.queue.QueueAdministration;
import dev.mailserver.core.queue.QueueFilter;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;

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

    void addTo(Javalin app) {
        app.get("/queue", this::list);
        app.get("/queue/counts", ctx -> ctx.json(QueueViews.Counts.of(queue.counts())));
        app.get("/queue/{id}", this::show);
        Map<String, Change> changes = Map.of("flush", queue::flush, "hold", queue::hold, "release", queue::release,
            "requeue", queue::requeue, "delete", queue::delete);
        changes.forEach((operation, change) -> app.post("/queue/" + operation,
            ctx -> ctx.json(QueueViews.Changed.of(operation, change.apply(changeFilter(ctx))))));
    }

    private void list(Context ctx) throws IOException {
        ctx.json(queue.list(filter(ctx), limit(ctx)).stream().map(QueueViews.Message::of).toList());
    }

    private void show(Context ctx) throws IOException {
        String id = ctx.pathParam("id");
        QueueId queueId;
        try {
            queueId = new QueueId(id);
        } catch (IllegalArgumentException e) {
            throw new NotFoundResponse("no message " + id + " in the queue: not a queue id");
        }
        ctx.json(QueueViews.Details.of(queue.show(queueId)
            .orElseThrow(() -> new NotFoundResponse("no message " + id + " in the queue"))));
    }

    private static QueueFilter filter(Context ctx) {
        return QueueFilterParameters.parse(parametersExcept(ctx, LIMIT));
    }

    /** The filter of a change: at least one filter parameter, or {@code all=true} for every message. */
    private static QueueFilter changeFilter(Context ctx) {
        Map<String, String> parameters = parametersExcept(ctx, ALL);
        String all = ctx.queryParam(ALL);
        if (all != null && !all.equals("true")) {
            throw new IllegalArgumentException("bad all '" + all + "': only all=true is allowed");
        }
        if (parameters.isEmpty() && all == null) {
            throw new IllegalArgumentException("name the messages: filter parameters " + QueueFilterParameters.NAMES
                + ", or all=true for every message");
        }
        return QueueFilterParameters.parse(parameters);
    }

    private static Map<String, String> parametersExcept(Context ctx, String excluded) {
        Map<String, String> parameters = new LinkedHashMap<>();
        ctx.queryParamMap().forEach((name, values) -> {
            if (!name.equals(excluded)) {
                parameters.put(name, values.get(values.size() - 1));
            }
        });
        return parameters;
    }

    private static int limit(Context ctx) {
        String value = ctx.queryParam(LIMIT);
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
