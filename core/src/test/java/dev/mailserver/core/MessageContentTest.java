package dev.mailserver.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.mailserver.core.mime.HeaderSection;

class MessageContentTest {
    private static final byte[] MESSAGE = "Received: from a\r\nDelivered-To: b@example.org\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);

    @Test
    void theHeaderIsReadFromTheContentAtEachCallUnlessKept() throws IOException {
        AtomicInteger openings = new AtomicInteger();
        MessageContent counted = counting(openings);

        counted.header();
        counted.header();
        assertThat(openings).hasValue(2);

        MessageContent kept = MessageContent.keepingHeader(counted);
        HeaderSection first = kept.header();
        HeaderSection second = kept.header();
        assertThat(openings).hasValue(3);
        assertThat(second).isSameAs(first);
        assertThat(first.count("Received")).isEqualTo(1);
        assertThat(kept.size()).isEqualTo(MESSAGE.length);
        try (InputStream in = kept.openStream()) {
            assertThat(in.readAllBytes()).isEqualTo(MESSAGE);
        }
    }

    private static MessageContent counting(AtomicInteger openings) {
        MessageContent bytes = MessageContent.ofBytes(MESSAGE);
        return new MessageContent() {
            @Override
            public long size() {
                return bytes.size();
            }

            @Override
            public InputStream openStream() throws IOException {
                openings.incrementAndGet();
                return bytes.openStream();
            }
        };
    }
}
