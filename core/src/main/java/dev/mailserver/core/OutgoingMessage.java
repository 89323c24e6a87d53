package dev.mailserver.core;

import java.util.Objects;

/**
 * A message the server queues on its own behalf: a delivery status notice, or what a delivery sends on
 * (a forward to an alias's remote target, a Sieve redirect or vacation reply). Its content is read while
 * the queue stores it, so it may refer to the queued original it comes from.
 */
public record OutgoingMessage(Envelope envelope, MessageContent content) {
    public OutgoingMessage {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(content, "content");
    }
}
