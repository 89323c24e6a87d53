package dev.mailserver.core.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.mailserver.core.queue.MessageHeader;

class HeaderSectionTest {
    @Test
    void readsFieldsUpToTheEmptyLineUnfoldingContinuations() throws IOException {
        HeaderSection section = read("Subject: one\r\n two\r\nX-Bare-Lf: yes\nnot a field\r\nTo: b@example.org\r\n\r\nX-In-Body: no\r\n");

        assertThat(section.headers()).containsExactly(new MessageHeader("Subject", "one two"), new MessageHeader("X-Bare-Lf", "yes"),
            new MessageHeader("To", "b@example.org"));
        assertThat(section.fields().get(0).text()).isEqualTo("Subject: one\r\n two");
        assertThat(section.complete()).isTrue();
        assertThat(new String(section.bytes(), StandardCharsets.UTF_8)).endsWith("To: b@example.org\r\n\r\n");
    }

    @Test
    void aMessageWithoutBodyOrFinalLineEndStillHasItsFields() throws IOException {
        HeaderSection section = read("Subject: ünïcode");

        assertThat(section.headers()).containsExactly(new MessageHeader("Subject", "ünïcode"));
        assertThat(section.complete()).isFalse();
    }

    @Test
    void readsNoMoreThanTheBound() throws IOException {
        String huge = "X-Long: " + "x".repeat(2 * HeaderSection.DEFAULT_MAX_BYTES) + "\r\n";

        HeaderSection section = read("Subject: first\r\n" + huge + "To: never@example.org\r\n");

        assertThat(section.headers()).containsExactly(new MessageHeader("Subject", "first"));
        assertThat(section.bytes()).hasSize(HeaderSection.DEFAULT_MAX_BYTES);
        assertThat(section.complete()).isFalse();
    }

    @Test
    void aSectionOfManyBlocksArrivingInPiecesIsReadToItsEmptyLine() throws IOException {
        StringBuilder fields = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            fields.append("Received: hop ").append(i).append("\r\n");
        }
        byte[] message = (fields + "\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII);
        InputStream trickling = new FilterInputStream(new ByteArrayInputStream(message)) {
            @Override
            public int read(byte[] bytes, int offset, int length) throws IOException {
                return super.read(bytes, offset, Math.min(length, 7));
            }
        };

        HeaderSection section = HeaderSection.read(trickling, HeaderSection.DEFAULT_MAX_BYTES);

        assertThat(section.count("Received")).isEqualTo(2000);
        assertThat(section.fields().get(1999).value()).isEqualTo("hop 1999");
        assertThat(section.complete()).isTrue();
        assertThat(new String(section.bytes(), StandardCharsets.US_ASCII)).isEqualTo(fields + "\r\n");
    }

    @Test
    void countsFieldsByNameWhateverTheirCase() throws IOException {
        HeaderSection section = read("Received: a\r\nreceived: b\r\nRECEIVED: c\r\nSubject: x\r\n\r\n");

        assertThat(section.count("Received")).isEqualTo(3);
        assertThat(section.has("subject")).isTrue();
        assertThat(section.has("Date")).isFalse();
    }

    @Test
    void aCollectorTellsFieldLinesFromTheBody() {
        HeaderSection.Collector collector = new HeaderSection.Collector();

        assertThat(collector.isFieldLine(" folded")).as("a folded line before any field").isFalse();
        collector.addIfField("To: a@example.org,");
        assertThat(collector.isFieldLine("  b@example.org")).isTrue();
        collector.addIfField("  b@example.org");
        assertThat(collector.isFieldLine("Dear all,")).isFalse();

        HeaderSection section = collector.result(new byte[0], true);
        assertThat(section.fields()).singleElement().satisfies(field -> {
            assertThat(field.value()).isEqualTo("a@example.org,  b@example.org");
            assertThat(field.text()).isEqualTo("To: a@example.org,\r\n  b@example.org");
        });
    }

    private static HeaderSection read(String text) throws IOException {
        return HeaderSection.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), HeaderSection.DEFAULT_MAX_BYTES);
    }
}
