package dev.mailserver.core.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DotStuffingOutputStreamTest {
    /** The bytes sent for {@code message} (CR and LF spelled as in Java source), written in pieces of {@code pieceLength}. */
    private static String wire(String message, int pieceLength) throws IOException {
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        DotStuffingOutputStream out = new DotStuffingOutputStream(sent);
        byte[] bytes = unescape(message).getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < bytes.length; i += pieceLength) {
            out.write(bytes, i, Math.min(pieceLength, bytes.length - i));
        }
        out.finish();
        return sent.toString(StandardCharsets.ISO_8859_1);
    }

    private static String unescape(String text) {
        return text.replace("\\r", "\r").replace("\\n", "\n");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "a\\r\\nb\\r\\n       | a\\r\\nb\\r\\n.\\r\\n",
        "''                   | .\\r\\n",
        "no end of line       | no end of line\\r\\n.\\r\\n",
        ".starts with a dot\\r\\n | ..starts with a dot\\r\\n.\\r\\n",
        "a\\r\\n.\\r\\nb\\r\\n  | a\\r\\n..\\r\\nb\\r\\n.\\r\\n",
        "a\\r\\n..two\\r\\n    | a\\r\\n...two\\r\\n.\\r\\n",
        "not. at start.\\r\\n  | not. at start.\\r\\n.\\r\\n",
        "bare\\nlf\\n.x       | bare\\r\\nlf\\r\\n..x\\r\\n.\\r\\n",
        "bare\\rcr\\r.x\\r     | bare\\r\\ncr\\r\\n..x\\r\\n.\\r\\n",
        "\\r\\r\\n.\\n         | \\r\\n\\r\\n..\\r\\n.\\r\\n",
        "ends in cr\\r        | ends in cr\\r\\n.\\r\\n",
    })
    void linesEndInCrlfLeadingDotsAreDoubledAndTheDataEndsWithADotLine(String message, String expected) throws IOException {
        String wanted = unescape(expected.strip());
        String input = message.strip();
        for (int piece : new int[] {1, 2, 3, 7, 1000}) {
            assertThat(wire(input, piece)).as("written in pieces of %d bytes", piece).isEqualTo(wanted);
        }
    }

    @Test
    void finishingTwiceWritesTheEndOnceAndWritingAfterwardsFails() throws IOException {
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        DotStuffingOutputStream out = new DotStuffingOutputStream(sent);
        out.write('x');
        out.finish();
        out.finish();

        assertThat(sent.toString(StandardCharsets.US_ASCII)).isEqualTo("x\r\n.\r\n");
        assertThatThrownBy(() -> out.write('y')).isInstanceOf(IOException.class);
    }

    @Test
    void closingClosesTheUnderlyingStreamWithoutEndingTheData() throws IOException {
        boolean[] closed = {false};
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        OutputStream underlying = new OutputStream() {
            @Override
            public void write(int b) {
                sent.write(b);
            }

            @Override
            public void close() {
                closed[0] = true;
            }
        };
        DotStuffingOutputStream out = new DotStuffingOutputStream(underlying);
        out.write("half".getBytes(StandardCharsets.US_ASCII));
        out.close();

        assertThat(closed[0]).isTrue();
        assertThat(sent.toString(StandardCharsets.US_ASCII)).isEqualTo("half");
    }
}
