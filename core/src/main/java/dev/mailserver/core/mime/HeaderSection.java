package dev.mailserver.core.mime;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import dev.mailserver.core.queue.MessageHeader;

/**
 * The header section of a message (RFC 5322 2.2): its fields, unfolded, and the bytes they came from.
 * It is the one header parser of the server, used wherever a message's header is looked at (the queue's
 * views, delivery, DSNs, submission, sendmail, plugins). Reading stops at the empty line that ends the
 * section or at a bound, so a message without a body separator is never read whole.
 *
 * @param bytes the section as it was read: every line up to and including the empty one, or up to the bound
 * @param complete whether the empty line was reached (false when the bound or the end of input came first)
 */
public record HeaderSection(byte[] bytes, List<Field> fields, boolean complete) {
    /** The bound used where no other is configured: far above any honest header section. */
    public static final int DEFAULT_MAX_BYTES = 256 * 1024;

    /** What a read asks the stream for first: a header section of ordinary mail fits. */
    private static final int FIRST_BLOCK_BYTES = 8192;

    private static final Pattern FIELD_START = Pattern.compile("[!-9;-~]+:.*", Pattern.DOTALL);

    /**
     * One header field.
     *
     * @param name the field name as written, e.g. {@code Received}
     * @param value the unfolded value, without the leading and trailing white space
     * @param text the field as written, folded lines joined by CRLF, without the final line end
     */
    public record Field(String name, String value, String text) {
        public Field {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(text, "text");
        }

        public boolean isNamed(String other) {
            return name.equalsIgnoreCase(other);
        }
    }

    public HeaderSection {
        fields = List.copyOf(fields);
    }

    /**
     * Reads the header section from the start of a message, reading at most {@code maxBytes}. The stream is read
     * in blocks, so it may be read past the section: it is for reading the header section only.
     */
    public static HeaderSection read(InputStream in, int maxBytes) throws IOException {
        Collector collector = new Collector();
        byte[] buffer = new byte[Math.min(maxBytes, FIRST_BLOCK_BYTES)];
        int filled = 0;
        int lineStart = 0;
        int scanned = 0;
        while (true) {
            for (; scanned < filled; scanned++) {
                if (buffer[scanned] == '\n') {
                    String text = text(buffer, lineStart, scanned);
                    if (text.isEmpty()) {
                        return collector.result(Arrays.copyOf(buffer, scanned + 1), true);
                    }
                    collector.addIfField(text);
                    lineStart = scanned + 1;
                }
            }
            if (filled == maxBytes) {
                return collector.result(Arrays.copyOf(buffer, filled), false);
            }
            if (filled == buffer.length) {
                buffer = Arrays.copyOf(buffer, (int) Math.min(maxBytes, 2L * buffer.length));
            }
            int read = in.read(buffer, filled, buffer.length - filled);
            if (read == -1) {
                collector.addIfField(text(buffer, lineStart, filled));
                return collector.result(Arrays.copyOf(buffer, filled), false);
            }
            filled += read;
        }
    }

    /** Parses a header section already in memory (with or without its empty line). */
    public static HeaderSection parse(byte[] section) {
        try {
            return read(new ByteArrayInputStream(section), section.length);
        } catch (IOException e) {
            throw new UncheckedIOException("reading from memory failed", e);
        }
    }

    /** The fields as name and value pairs, in order. */
    public List<MessageHeader> headers() {
        return fields.stream().map(field -> new MessageHeader(field.name(), field.value())).toList();
    }

    /** How many fields of this name there are (case-insensitive). */
    public int count(String name) {
        return (int) fields.stream().filter(field -> field.isNamed(name)).count();
    }

    public boolean has(String name) {
        return count(name) > 0;
    }

    /** The line from {@code start} to its LF at {@code end}, without a CR before that. */
    private static String text(byte[] bytes, int start, int end) {
        int length = end > start && bytes[end - 1] == '\r' ? end - start - 1 : end - start;
        return new String(bytes, start, length, StandardCharsets.UTF_8);
    }

    /**
     * Builds a header section from its lines (without their line ends), for input that is read line by
     * line, such as what programs give {@code sendmail}.
     */
    public static final class Collector {
        private final List<StringBuilder> fields = new ArrayList<>();

        /** Whether this line continues the header section: a field's first line, or a folded line of one. */
        public boolean isFieldLine(String line) {
            return isContinuation(line) || FIELD_START.matcher(line).matches();
        }

        /** Adds a line that {@link #isFieldLine} accepts; other lines are ignored. */
        public void addIfField(String line) {
            if (isContinuation(line)) {
                fields.get(fields.size() - 1).append("\r\n").append(line);
            } else if (FIELD_START.matcher(line).matches()) {
                fields.add(new StringBuilder(line));
            }
        }

        public HeaderSection result(byte[] bytes, boolean complete) {
            return new HeaderSection(bytes, fields.stream().map(text -> field(text.toString())).toList(), complete);
        }

        private boolean isContinuation(String line) {
            return !line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t') && !fields.isEmpty();
        }

        private static Field field(String text) {
            int colon = text.indexOf(':');
            String value = text.substring(colon + 1).replace("\r\n", "").strip();
            return new Field(text.substring(0, colon).strip(), value, text);
        }
    }
}
