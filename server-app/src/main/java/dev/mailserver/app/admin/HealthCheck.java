package dev.mailserver.app.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import dev.mailserver.core.queue.MailQueue;
import dev.mailserver.delivery.DeliveryEngine;
import dev.mailserver.smtp.SmtpListener;

/** Whether each part of the server works: the spool, the delivery engine and every listener. */
public final class HealthCheck {
    static final String UP = "UP";
    static final String DOWN = "DOWN";
    /** Working, but refusing new mail: the spool's free space is below its reserve. */
    static final String DEGRADED = "DEGRADED";

    private final MailQueue queue;
    private final LongSupplier droppedLogBytes;
    private final DeliveryEngine delivery;
    private final List<SmtpListener> listeners;

    /** @param droppedLogBytes what the spool lost of a damaged write-ahead log when it was opened */
    public HealthCheck(MailQueue queue, LongSupplier droppedLogBytes, DeliveryEngine delivery, List<SmtpListener> listeners) {
        this.queue = queue;
        this.droppedLogBytes = droppedLogBytes;
        this.delivery = delivery;
        this.listeners = listeners;
    }

    /** @param status {@code UP} when every component is */
    record Health(String status, Map<String, String> components) {
    }

    Health check() {
        Map<String, String> components = new LinkedHashMap<>();
        components.put("spool", spoolState());
        long dropped = droppedLogBytes.getAsLong();
        if (dropped > 0) {
            components.put("spool log", DEGRADED);
            components.put("spool log damage", dropped + " bytes of the write-ahead log dropped at start (see docs/spool-health.md)");
        }
        queue.storageSpace().ifPresent(space -> {
            components.put("spool space", space.usableBytes() + " bytes free, reserve " + space.reserveBytes() + " bytes (queue.min-free-space)");
            if (space.belowReserve() && components.get("spool").equals(UP)) {
                components.put("spool", DEGRADED);
            }
        });
        components.put("delivery", state(delivery.isRunning()));
        for (SmtpListener listener : listeners) {
            components.put("listener " + listener.settings().name(), state(listener.isRunning()));
        }
        return new Health(overall(components), components);
    }

    /** DOWN if a component is, else DEGRADED if one is, else UP. */
    private static String overall(Map<String, String> components) {
        if (components.containsValue(DOWN)) {
            return DOWN;
        }
        return components.containsValue(DEGRADED) ? DEGRADED : UP;
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
