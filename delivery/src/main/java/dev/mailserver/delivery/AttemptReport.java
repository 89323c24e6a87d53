package dev.mailserver.delivery;

import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailserver.core.DeliveryResult;
import dev.mailserver.core.InternationalAddresses;
import dev.mailserver.core.queue.QueuedMail;
import dev.mailserver.plugin.api.DeliveryEvent;
import dev.mailserver.plugin.api.DeliveryEvents;

/**
 * What an attempt tells the outside, for the engine's attempts and for deliveries on arrival alike: one log
 * line per recipient, like Postfix's maillog
 * ({@code <queue id>: to=<rcpt>, relay=mx.example.org[192.0.2.1]:25, tls=verified, delay=0.12, dsn=2.0.0, status=sent (...)}),
 * and, once the outcome is recorded, an event to the plugins.
 */
final class AttemptReport {
    private static final Logger LOGGER = LoggerFactory.getLogger(DeliveryEngine.class);

    private final DeliveryEvents events;

    AttemptReport(DeliveryEvents events) {
        this.events = events;
    }

    void log(QueuedMail mail, RecipientOutcome result, Instant now) {
        DeliveryResult outcome = result.result();
        String status = switch (outcome.outcome()) {
            case DELIVERED -> "sent";
            case TEMPORARY_FAILURE -> "deferred";
            case PERMANENT_FAILURE -> "bounced";
        };
        LOGGER.info("{}: to=<{}>, relay={}, tls={}, delay={}, dsn={}, status={} ({})", mail.id(), InternationalAddresses.toExternal(result.recipient()),
            result.relay(), result.tls().logName(), seconds(Duration.between(mail.arrivedAt(), now)), outcome.enhancedStatus(),
            status, outcome.detail());
    }

    /** Tells the plugins of an outcome as recorded (a temporary failure past the message's lifetime is recorded as a bounce). */
    void tell(QueuedMail mail, RecipientOutcome outcome, DeliveryEvent.Outcome recorded) {
        DeliveryResult result = outcome.result();
        try {
            events.onDelivery(new DeliveryEvent(mail.id().toString(), mail.sender().asString(""), outcome.recipient().asString(), recorded,
                result.enhancedStatus(), result.detail(), outcome.relay()));
        } catch (RuntimeException e) {
            LOGGER.warn("{}: a delivery event listener failed", mail.id(), e);
        }
    }

    /** The duration in seconds with two decimals, e.g. {@code 0.53} (String.format took a third of this line's cost). */
    static String seconds(Duration duration) {
        long hundredths = Math.round(Math.abs(duration.toMillis()) / 10.0);
        long fraction = hundredths % 100;
        return (duration.isNegative() ? "-" : "") + hundredths / 100 + (fraction < 10 ? ".0" : ".") + fraction;
    }
}
