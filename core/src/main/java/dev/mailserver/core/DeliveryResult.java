package dev.mailserver.core;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What one delivery attempt to one recipient came to, with an RFC 3463 enhanced status code
 * ({@code 2.0.0}, {@code 4.2.2}, {@code 5.1.1}...) and a human-readable detail (for remote delivery,
 * the remote server's reply).
 *
 * @param followUps messages the delivery sends on for its recipient (a forward to an alias's remote target,
 *     a Sieve redirect or vacation reply). The queue stores them in the same atomic write that records the
 *     recipient as delivered, so that each is queued once however often the delivery is repeated before that;
 *     with any other outcome they are dropped. Their content is read during that write.
 */
public record DeliveryResult(Outcome outcome, String enhancedStatus, String detail, List<OutgoingMessage> followUps) {
    private static final Pattern ENHANCED_STATUS = Pattern.compile("[245]\\.\\d{1,3}\\.\\d{1,3}");

    public enum Outcome {
        /** The recipient's mailbox or the next hop has taken responsibility for the message. */
        DELIVERED,
        /** Worth trying again later. */
        TEMPORARY_FAILURE,
        /** Will never succeed; the sender should be told. */
        PERMANENT_FAILURE
    }

    public DeliveryResult {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
        followUps = List.copyOf(followUps);
        if (!ENHANCED_STATUS.matcher(enhancedStatus).matches()) {
            throw new IllegalArgumentException("not an enhanced status code: " + enhancedStatus);
        }
        char expectedClass = switch (outcome) {
            case DELIVERED -> '2';
            case TEMPORARY_FAILURE -> '4';
            case PERMANENT_FAILURE -> '5';
        };
        if (enhancedStatus.charAt(0) != expectedClass) {
            throw new IllegalArgumentException(outcome + " needs a " + expectedClass + ".x.x status, not " + enhancedStatus);
        }
    }

    public static DeliveryResult delivered(String detail) {
        return delivered(detail, List.of());
    }

    /** @param followUps the messages queued once the delivery is recorded */
    public static DeliveryResult delivered(String detail, List<OutgoingMessage> followUps) {
        return new DeliveryResult(Outcome.DELIVERED, "2.0.0", detail, followUps);
    }

    public static DeliveryResult temporaryFailure(String enhancedStatus, String detail) {
        return new DeliveryResult(Outcome.TEMPORARY_FAILURE, enhancedStatus, detail, List.of());
    }

    public static DeliveryResult permanentFailure(String enhancedStatus, String detail) {
        return new DeliveryResult(Outcome.PERMANENT_FAILURE, enhancedStatus, detail, List.of());
    }

    public boolean isFinal() {
        return outcome != Outcome.TEMPORARY_FAILURE;
    }

    @Override
    public String toString() {
        return enhancedStatus + " " + detail;
    }
}
