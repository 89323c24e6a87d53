package dev.mailserver.storage.srs;

import static dev.mailserver.storage.Addresses.address;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.junit.jupiter.api.Test;

import dev.mailserver.core.MessageContent;
import dev.mailserver.core.QueueId;
import dev.mailserver.core.mailbox.LocalDelivery;

/** Which forwards get an SRS sender: only those that leave our domains, from senders elsewhere. */
class SrsForwardingTest {
    private static final Set<Domain> LOCAL = Set.of(Domain.of("example.test"));
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private final SrsForwarding forwarding = new SrsForwarding(new SenderRewriting(Domain.of("example.test"),
        List.of("secret".getBytes(StandardCharsets.UTF_8)), Duration.ofDays(21), Clock.fixed(NOW, ZoneOffset.UTC)), LOCAL::contains);

    private MaybeSender senderOfForward(MaybeSender sender, String... targets) throws Exception {
        LocalDelivery delivery = new LocalDelivery(QueueId.generate(), sender, address("alice@example.test"), NOW, false);
        List<MailAddress> to = List.of(targets).stream().map(target -> address(target)).toList();
        return forwarding.forward(delivery, to, MessageContent.ofBytes(new byte[0])).envelope().sender();
    }

    @Test
    void aForwardElsewhereOfMailFromElsewhereHasAnSrsSender() throws Exception {
        assertThat(senderOfForward(MaybeSender.of(address("bob@remote.test")), "carol@other.test").asString())
            .startsWith("SRS0=").endsWith("=remote.test=bob@example.test");
    }

    @Test
    void theSenderIsKeptForOurOwnSendersTheNullSenderAndForwardsThatStayWithUs() throws Exception {
        assertThat(senderOfForward(MaybeSender.of(address("dave@example.test")), "carol@other.test")).isEqualTo(MaybeSender.of(address("dave@example.test")));
        assertThat(senderOfForward(MaybeSender.nullSender(), "carol@other.test")).isEqualTo(MaybeSender.nullSender());
        assertThat(senderOfForward(MaybeSender.of(address("bob@remote.test")), "erin@example.test"))
            .isEqualTo(MaybeSender.of(address("bob@remote.test")));
    }
}
