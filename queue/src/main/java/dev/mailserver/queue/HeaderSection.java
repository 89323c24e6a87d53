package dev.mailserver.queue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.mailserver.core.queue.MessageHeader;

/**
 * Reads the header section of a stored message: the lines up to the first empty one. Continuation lines
 * are unfolded into their field; lines that are not fields are skipped. At most {@link #MAX_BYTES} are
 * read, so a message without a body separator is not read whole.
 */
final class HeaderSection {
    static final int MAX_BYTES = 256 * 1024;

    private HeaderSection() {
    }

    static List<MessageHeader> read(InputStream in) throws IOException {
        List<String> fields = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int read = 0; read < MAX_BYTES; read++) {
            int b = in.read();
            if (b == -1 || b == '\n') {
                String text = line.toString(StandardCharsets.UTF_8).stripTrailing();
                if (text.isEmpty()) {
                    break;
                }
                addLine(fields, text);
                line.reset();
            } else {
                line.write(b);
            }
            if (b == -1) {
                break;
            }
        }
        return fields.stream().filter(field -> field.indexOf(':') > 0).map(HeaderSection::header).toList();
    }

    private static void addLine(List<String> fields, String text) {
        boolean continuation = text.charAt(0) == ' ' || text.charAt(0) == '\t';
        if (continuation && !fields.isEmpty()) {
            fields.set(fields.size() - 1, fields.get(fields.size() - 1) + text);
        } else {
            fields.add(text);
        }
    }

    private static MessageHeader header(String field) {
        int colon = field.indexOf(':');
        return new MessageHeader(field.substring(0, colon).strip(), field.substring(colon + 1).strip());
    }
}
