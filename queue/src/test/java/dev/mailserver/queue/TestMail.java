package dev.mailserver.queue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;

import dev.mailserver.core.Envelope;
import dev.mailserver.core.MessageContent;

/** Envelopes and contents for tests. */
final class TestMail {
    static final MailAddress ALICE = address("alice@example.com");
    static final MailAddress BOB = address("bob@example.org");
    static final MailAddress CAROL = address("carol@example.net");

    private TestMail() {
    }

    static MailAddress address(String value) {
        try {
            return new MailAddress(value);
        } catch (AddressException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static Envelope envelopeTo(MailAddress... recipients) {
        return new Envelope(MaybeSender.of(ALICE), Arrays.asList(recipients));
    }

    static MessageContent content(String text) {
        return content(text.getBytes(StandardCharsets.US_ASCII));
    }

    static MessageContent content(byte[] bytes) {
        return MessageContent.ofBytes(bytes);
    }

    static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }
}
