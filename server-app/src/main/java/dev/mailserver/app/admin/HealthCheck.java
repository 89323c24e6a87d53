package dev.mailserver.app.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.mailserver.core.queue.MailQueue;
import dev.mailserver.delivery.DeliveryEngine;
import dev.mailserver.smtp.SmtpListener;

/** Whether each part of the server works: the spool, the delivery engine and every listener. */
public final class HealthCheck {
    static final String UP = "UP";
    static final String DOWN = "DOWN";

    private final MailQueue queue;
    private final DeliveryEngine delivery;
    private final List<SmtpListener> listeners;

    public HealthCheck(MailQueue queue, DeliveryEngine delivery, List<SmtpListener> listeners) {
        this.queue = queue;
        this.delivery = delivery;
        this.listeners = listeners;
    }

    /** @param status {@code UP} when every component is */
    record Health(String status, Map<String, String> components) {
    }

    Health check() {
        Map<String, String> components = new LinkedHashMap<>();
        components.put("spool", spoolState());
        components.put("delivery", state(delivery.isRunning()));
        for (SmtpListener listener : listeners) {
            components.put("listener " + listener.settings().name(), state(listener.isRunning()));
        }
        return new Health(state(components.values().stream().allMatch(UP::equals)), components);
    }

    private String spoolState() {
        try {
            queue.size();
            return UP;
        } catch (RuntimeException e) {
            return DOWN;
        }
    }

    private static String state(boolean up) {
        return up ? UP : DOWN;
    }
}
