package dev.mailserver.storage;

import java.time.Instant;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;

import dev.mailserver.core.QueueId;
import dev.mailserver.core.mailbox.LocalDelivery;

/** Local deliveries as the delivery engine makes them: a new queue id each, first attempts. */
public final class Deliveries {
    public static final MaybeSender SENDER = MaybeSender.of(Addresses.address("sender@remote.test"));

    private Deliveries() {
    }

    public static LocalDelivery to(MailAddress recipient) {
        return new LocalDelivery(QueueId.generate(), SENDER, recipient, Instant.now(), false);
    }
}
