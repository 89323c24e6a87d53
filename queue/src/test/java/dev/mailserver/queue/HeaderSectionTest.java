package dev.mailserver.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.mailserver.core.queue.MessageHeader;

class HeaderSectionTest {
    @Test
    void readsFieldsUpToTheEmptyLineUnfoldingContinuations() throws IOException {
        assertThat(read("Subject: one\r\n two\r\nX-Bare-Lf: yes\nnot a field\r\nTo: b@example.org\r\n\r\nX-In-Body: no\r\n"))
            .containsExactly(new MessageHeader("Subject", "one two"), new MessageHeader("X-Bare-Lf", "yes"),
                new MessageHeader("To", "b@example.org"));
    }

    @Test
    void aMessageWithoutBodyOrFinalLineEndStillHasItsFields() throws IOException {
        assertThat(read("Subject: ünïcode")).containsExactly(new MessageHeader("Subject", "ünïcode"));
    }

    @Test
    void readsNoMoreThanTheLimit() throws IOException {
        String huge = "X-Long: " + "x".repeat(2 * HeaderSection.MAX_BYTES) + "\r\n";

        assertThat(read("Subject: first\r\n" + huge + "To: never@example.org\r\n"))
            .containsExactly(new MessageHeader("Subject", "first"));
    }

    private static List<MessageHeader> read(String text) throws IOException {
        return HeaderSection.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }
}
