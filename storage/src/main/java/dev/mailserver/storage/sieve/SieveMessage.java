package dev.mailserver.storage.sieve;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.dom.Header;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;

import dev.mailserver.core.MessageContent;

/**
 * What a script tests: the envelope, the header fields (unfolded, encoded words decoded) and the size.
 *
 * @param envelopeFrom the envelope sender, empty for the null sender
 * @param envelopeTo the envelope recipient as given in {@code RCPT TO}
 * @param fields the header fields by lower-case name, in message order
 */
record SieveMessage(String envelopeFrom, String envelopeTo, Map<String, List<String>> fields, long size) {

    static SieveMessage read(String envelopeFrom, String envelopeTo, MessageContent content) throws IOException {
        DefaultMessageBuilder builder = new DefaultMessageBuilder();
        builder.setMimeEntityConfig(MimeConfig.PERMISSIVE);
        Header header;
        try (InputStream in = new BufferedInputStream(content.openStream())) {
            header = builder.parseHeader(in);
        }
        Map<String, List<String>> fields = header.getFields().stream().collect(Collectors.groupingBy(
            field -> field.getName().toLowerCase(Locale.ROOT), Collectors.mapping(SieveMessage::value, Collectors.toCollection(ArrayList::new))));
        return new SieveMessage(envelopeFrom, envelopeTo, fields, content.size());
    }

    private static String value(Field field) {
        String unfolded = field.getBody().replaceAll("\r?\n(?=[ \t])", "").strip();
        return DecoderUtil.decodeEncodedWords(unfolded, DecodeMonitor.SILENT);
    }

    /** The values of the header fields of that name (any case), in message order. */
    List<String> header(String name) {
        return fields.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    Optional<String> first(String name) {
        return header(name).stream().findFirst();
    }
}
