package dev.mailserver.core.queue;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import dev.mailserver.core.QueueId;

/**
 * What an administrator does with the queue, after Postfix's {@code mailq}, {@code postqueue} and
 * {@code postsuper}: look at it, make mail due now, hold and release it, requeue and delete it. The CLI and
 * the admin API sit on top of this.
 *
 * <p>Operations that change messages return the ids of those they changed, in queue id (arrival) order.
 * A message whose delivery attempt is under way keeps its attempt: the change applies to the message as
 * it stands after the attempt is recorded, except for {@link #delete}, which takes effect at once.
 * Changes are on stable storage when the method returns.
 */
public interface QueueAdministration {

    /** The matching messages in queue id (arrival) order, at most {@code limit} of them ({@code mailq}). */
    List<QueueEntry> list(QueueFilter filter, int limit) throws IOException;

    /** One message with its envelope, per-recipient state and header ({@code postcat -q}); empty when not queued. */
    Optional<MessageDetails> show(QueueId id) throws IOException;

    /**
     * Makes the matching messages due now and wakes the delivery side ({@code postqueue -f}, {@code -s site},
     * {@code -i id}). Held messages stay held.
     */
    List<QueueId> flush(QueueFilter filter) throws IOException;

    /**
     * Puts the matching messages on hold ({@code postsuper -h}): they are not tried until released. The hold
     * is stored with the message and survives a restart. A message released after the queue's lifetime has
     * passed fails for good at its next attempt.
     */
    List<QueueId> hold(QueueFilter filter) throws IOException;

    /** Releases the matching held messages and makes them due now ({@code postsuper -H}). */
    List<QueueId> release(QueueFilter filter) throws IOException;

    /**
     * Makes the failed recipients of the matching messages pending again, restarts their retry schedule
     * (the next delay is the first one again; the lifetime still counts from arrival) and makes them due
     * now ({@code postsuper -r}). Held messages stay held.
     */
    List<QueueId> requeue(QueueFilter filter) throws IOException;

    /** Removes the matching messages without notifying anyone ({@code postsuper -d}). */
    List<QueueId> delete(QueueFilter filter) throws IOException;

    /** How many messages there are by state and by destination domain ({@code qshape}, in short). */
    QueueCounts counts() throws IOException;
}
