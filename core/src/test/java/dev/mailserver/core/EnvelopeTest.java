package dev.mailserver.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.junit.jupiter.api.Test;

class EnvelopeTest {
    @Test
    void keepsEachRecipientOnceInFirstGivenOrder() throws Exception {
        MailAddress bob = new MailAddress("bob@example.org");
        MailAddress alice = new MailAddress("alice@example.org");
        Envelope envelope = new Envelope(MaybeSender.nullSender(),
            List.of(bob, alice, new MailAddress("bob@EXAMPLE.org")));
        assertThat(envelope.recipients()).containsExactly(bob, alice);
    }

    @Test
    void needsARecipient() {
        assertThatThrownBy(() -> new Envelope(MaybeSender.nullSender(), List.of()))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
