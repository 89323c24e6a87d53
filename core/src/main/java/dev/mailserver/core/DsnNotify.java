package dev.mailserver.core;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@code NOTIFY} parameter of one RCPT TO (RFC 3461 section 4.1): on which outcomes the sender wants a
 * delivery status notification. Without the parameter, failures and delays are reported and successes not.
 *
 * @param given whether the client gave the parameter at all
 * @param events the outcomes to report; empty with {@code given} means {@code NEVER}
 */
public record DsnNotify(boolean given, Set<Event> events) {
    /** No {@code NOTIFY} parameter. */
    public static final DsnNotify DEFAULT = new DsnNotify(false, Set.of());
    /** {@code NOTIFY=NEVER}. */
    public static final DsnNotify NEVER = new DsnNotify(true, Set.of());

    /** The outcomes one may ask to be told of. */
    public enum Event { SUCCESS, FAILURE, DELAY }

    public DsnNotify {
        events = events.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(events));
        if (!given && !events.isEmpty()) {
            throw new IllegalArgumentException("events without a NOTIFY parameter");
        }
    }

    public static DsnNotify of(Set<Event> events) {
        return events.isEmpty() ? NEVER : new DsnNotify(true, events);
    }

    public boolean wantsSuccess() {
        return events.contains(Event.SUCCESS);
    }

    public boolean wantsFailure() {
        return !given || events.contains(Event.FAILURE);
    }

    public boolean wantsDelay() {
        return !given || events.contains(Event.DELAY);
    }

    /** The parameter value as on the wire, e.g. {@code SUCCESS,FAILURE} or {@code NEVER}. */
    public String toParameter() {
        if (events.isEmpty()) {
            return "NEVER";
        }
        return EnumSet.copyOf(events).stream().map(event -> event.name().toUpperCase(Locale.ROOT)).collect(Collectors.joining(","));
    }
}
