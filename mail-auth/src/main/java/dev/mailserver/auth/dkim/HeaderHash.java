package dev.mailserver.auth.dkim;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.mailserver.core.mime.HeaderSection.Field;

/**
 * The header data a DKIM (or ARC) signature signs (RFC 6376 section 5.4.2): the fields named in h=, each
 * name taking the last not yet used instance from the bottom up (a name with no instance left adds
 * nothing), then the signature field itself with an empty b=, without its final CRLF.
 */
public final class HeaderHash {
    private HeaderHash() {
    }

    public static byte[] data(List<Field> headers, List<String> signedNames, Canonicalization canonicalization, String signatureField) {
        Map<String, List<Field>> byName = new HashMap<>();
        for (Field field : headers) {
            byName.computeIfAbsent(field.name().toLowerCase(Locale.ROOT), name -> new ArrayList<>()).add(field);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String name : signedNames) {
            List<Field> instances = byName.get(name.toLowerCase(Locale.ROOT));
            if (instances != null && !instances.isEmpty()) {
                out.writeBytes(canonicalization.header(instances.remove(instances.size() - 1)).getBytes(StandardCharsets.UTF_8));
            }
        }
        out.writeBytes(canonicalization.header(withoutSignature(signatureField)).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** The field with the value of its b= tag removed, everything else as it was. */
    public static String withoutSignature(String field) {
        int colon = field.indexOf(':');
        String[] specs = field.substring(colon + 1).split(";", -1);
        StringBuilder result = new StringBuilder(field.substring(0, colon + 1));
        for (int i = 0; i < specs.length; i++) {
            String spec = specs[i];
            int equals = spec.indexOf('=');
            if (equals > 0 && spec.substring(0, equals).strip().equals("b")) {
                spec = spec.substring(0, equals + 1);
            }
            result.append(spec);
            if (i < specs.length - 1) {
                result.append(';');
            }
        }
        return result.toString();
    }
}
