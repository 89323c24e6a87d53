package dev.mailserver.smtp.data;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;

import dev.mailserver.core.mime.HeaderSection;
import dev.mailserver.plugin.api.MessageHeaders;

/**
 * The header section of the message being received, collected line by line (up to a bound) for the
 * plugins' header hooks, with the fields they add.
 */
public final class CollectedHeaders implements MessageHeaders {
    public static final AttachmentKey<CollectedHeaders> KEY = AttachmentKey.of("collectedHeaders", CollectedHeaders.class);

    private static final Pattern FIELD_NAME = Pattern.compile("[!-9;-~]+");
    private static final Pattern FIELD_VALUE = Pattern.compile("[ -~\t]*");

    private final int maxCollected;
    private final ByteArrayOutputStream collected = new ByteArrayOutputStream();
    private final List<Header> added = new ArrayList<>();
    private long size;
    private boolean ended;
    private List<Header> parsed;

    public CollectedHeaders(int maxCollected) {
        this.maxCollected = maxCollected;
    }

    public void see(byte[] line) {
        size += line.length;
        if (collected.size() + line.length <= maxCollected) {
            collected.writeBytes(line);
            parsed = null;
        }
    }

    public boolean ended() {
        return ended;
    }

    public void end() {
        ended = true;
    }

    /** The fields added by hooks so far, as lines to write. */
    public List<byte[]> addedLines() {
        return added.stream().map(header -> (header.name() + ": " + header.value() + "\r\n").getBytes(StandardCharsets.ISO_8859_1)).toList();
    }

    /** What was received and what hooks added. */
    MessageHeaders withAdded() {
        CollectedHeaders all = new CollectedHeaders(Integer.MAX_VALUE);
        all.collected.writeBytes(collected.toByteArray());
        addedLines().forEach(all::see);
        all.size = size + addedLines().stream().mapToLong(line -> line.length).sum();
        all.ended = true;
        return all;
    }

    @Override
    public List<Header> all() {
        if (parsed == null) {
            parsed = HeaderSection.parse(collected.toByteArray()).fields().stream()
                .map(field -> new Header(field.name(), field.value())).toList();
        }
        return parsed;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public void add(String name, String value) {
        if (ended) {
            throw new IllegalStateException("headers can only be added in onHeaders");
        }
        if (name == null || !FIELD_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a header field name: " + name);
        }
        if (value == null || !FIELD_VALUE.matcher(value).matches()) {
            throw new IllegalArgumentException("a header field value must be printable US-ASCII on one line");
        }
        added.add(new Header(name, value));
    }
}
