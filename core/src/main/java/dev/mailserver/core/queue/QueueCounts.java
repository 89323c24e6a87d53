package dev.mailserver.core.queue;

import java.util.Map;

import org.apache.james.core.Domain;

/**
 * How many messages the queue holds, by state and by destination domain.
 *
 * @param byState messages per state; every state is present, possibly with 0
 * @param byDomain per domain, the messages with at least one recipient in it that is not delivered yet
 *     (a message to two domains counts for both)
 */
public record QueueCounts(Map<MessageState, Long> byState, Map<Domain, Long> byDomain) {
    public QueueCounts {
        byState = Map.copyOf(byState);
        byDomain = Map.copyOf(byDomain);
    }

    public long total() {
        return byState.values().stream().mapToLong(Long::longValue).sum();
    }
}
