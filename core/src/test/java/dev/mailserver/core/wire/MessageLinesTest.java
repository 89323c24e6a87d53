package dev.mailserver.core.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MessageLinesTest {
    /** The lines of {@code message} (CR and LF spelled as in Java source), joined with '|'. */
    private static String lines(String message) throws IOException {
        byte[] bytes = message.replace("\\r", "\r").replace("\\n", "\n").getBytes(StandardCharsets.ISO_8859_1);
        MessageLines lines = new MessageLines(new ByteArrayInputStream(bytes));
        List<String> read = new ArrayList<>();
        while (lines.next()) {
            read.add(new String(lines.bytes(), 0, lines.length(), StandardCharsets.ISO_8859_1));
        }
        assertThat(lines.next()).as("after the end").isFalse();
        return String.join("|", read);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = ';', value = {
        "a\\r\\nb\\r\\n            ; a|b",
        "a\\nb\\n                  ; a|b",
        "a\\r\\n\\r\\nbody          ; a||body",
        "last line without LF\\r  ; last line without LF",
        "bare\\rCR inside\\r\\n     ; bare\\rCR inside",
        "\\r\\n                    ; ''",
    })
    void splitsAtLfAndDropsTheCrBeforeIt(String message, String expected) throws IOException {
        assertThat(lines(message)).isEqualTo(expected.replace("\\r", "\r"));
    }

    @Test
    void anEmptyStreamHasNoLines() throws IOException {
        assertThat(lines("")).isEmpty();
    }
}
