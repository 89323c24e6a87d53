package dev.mailserver.core.queue;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import dev.mailserver.core.MessageContent;
import dev.mailserver.core.OutgoingMessage;

/**
 * Writes the notice that tells an envelope sender about recipients that failed for good (a delivery
 * status notification, RFC 3464). The queue calls it while recording the attempt in which recipients
 * became final failures (a permanent error or expiry) and stores the returned notice as a new message in
 * the same atomic write as the attempt, so a bounce is neither lost nor sent twice.
 *
 * <p>Implementations must not block on the network and must not touch the queue.
 */
public interface BounceComposer {

    /**
     * @param mail the message as it stands after the attempt
     * @param failed the recipients that became failures in this attempt, each with its last result
     * @param content the original message, still readable
     * @return the notice to queue, or empty when none is to be sent (e.g. the null sender)
     */
    Optional<OutgoingMessage> compose(QueuedMail mail, List<RecipientState> failed, MessageContent content) throws IOException;

    /**
     * Writes the notice that tells an envelope sender their message is still not delivered to some
     * recipients after the queue's delay-warning time (a DSN with {@code Action: delayed}). The queue calls
     * it at most once per message, while recording the first attempt after that time, and stores the
     * notice in the same atomic write as the attempt. By default no warning is sent.
     *
     * @param mail the message as it stands after the attempt
     * @param delayed the recipients still pending, each with its last result
     * @param content the original message, still readable
     * @return the notice to queue, or empty when none is to be sent
     */
    default Optional<OutgoingMessage> composeDelayWarning(QueuedMail mail, List<RecipientState> delayed, MessageContent content)
        throws IOException {
        return Optional.empty();
    }

    /**
     * Writes the notice that tells an envelope sender their message was delivered, or relayed to a server
     * that will not report, to recipients that asked for it ({@code NOTIFY=SUCCESS}, RFC 3461). The queue calls
     * it while recording the attempt in which recipients were delivered, and stores the notice in the same
     * atomic write. By default no notice is sent.
     *
     * @param delivered the recipients delivered in this attempt, each with its last result and options
     * @return the notice to queue, or empty when none of them asked for one
     */
    default Optional<OutgoingMessage> composeSuccess(QueuedMail mail, List<RecipientState> delivered, MessageContent content)
        throws IOException {
        return Optional.empty();
    }

    /** Sends no notices; for programs that embed the queue without a delivery engine. */
    BounceComposer NONE = (mail, failed, content) -> Optional.empty();
}
