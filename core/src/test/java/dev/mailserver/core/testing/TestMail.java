package dev.mailserver.core.testing;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;

import dev.mailserver.core.Envelope;
import dev.mailserver.core.MessageContent;

/** Envelopes and contents for tests. Shared with other modules' tests through core's test-jar. */
public final class TestMail {
    public static final MailAddress ALICE = address("alice@example.com");
    public static final MailAddress BOB = address("bob@example.org");
    public static final MailAddress CAROL = address("carol@example.net");

    private TestMail() {
    }

    public static MailAddress address(String value) {
        try {
            return new MailAddress(value);
        } catch (AddressException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** From {@link #ALICE} to the given recipients. */
    public static Envelope envelopeTo(MailAddress... recipients) {
        return new Envelope(MaybeSender.of(ALICE), Arrays.asList(recipients));
    }

    public static MessageContent content(String text) {
        return MessageContent.ofBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The same bytes for the same size, so that a test can compare them with what was stored. */
    public static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }
}
