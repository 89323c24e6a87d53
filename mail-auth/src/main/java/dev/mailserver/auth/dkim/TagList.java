package dev.mailserver.auth.dkim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A tag=value list (RFC 6376 section 3.2), the syntax of DKIM signatures, DKIM key records and DMARC
 * records. Tag names are case-sensitive; a tag given twice makes the list invalid.
 */
public final class TagList {
    private final Map<String, String> tags;

    private TagList(Map<String, String> tags) {
        this.tags = Collections.unmodifiableMap(tags);
    }

    /** Parses the list, or throws {@link IllegalArgumentException} saying what is wrong with it. */
    public static TagList parse(String text) {
        Map<String, String> tags = new LinkedHashMap<>();
        String[] specs = text.split(";", -1);
        for (int i = 0; i < specs.length; i++) {
            String spec = specs[i];
            if (spec.isBlank()) {
                if (i == specs.length - 1) {
                    break;
                }
                throw new IllegalArgumentException("an empty tag in \"" + text.strip() + "\"");
            }
            int equals = spec.indexOf('=');
            if (equals < 0) {
                throw new IllegalArgumentException("tag \"" + spec.strip() + "\" has no value");
            }
            String name = spec.substring(0, equals).strip();
            if (!name.matches("[A-Za-z][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException("\"" + name + "\" is not a tag name");
            }
            if (tags.put(name, spec.substring(equals + 1).strip()) != null) {
                throw new IllegalArgumentException("tag " + name + " is given twice");
            }
        }
        return new TagList(tags);
    }

    public Optional<String> get(String name) {
        return Optional.ofNullable(tags.get(name));
    }

    /** The tag's value, or throws saying it is missing. */
    public String require(String name) {
        String value = tags.get(name);
        if (value == null) {
            throw new IllegalArgumentException("tag " + name + "= is missing");
        }
        return value;
    }

    /** The value lower-cased, for tags whose values are case-insensitive keywords. */
    public Optional<String> keyword(String name) {
        return get(name).map(value -> value.toLowerCase(Locale.ROOT));
    }

    public boolean has(String name) {
        return tags.containsKey(name);
    }

    /** The first tag's name, for records that must start with v=. */
    public Optional<String> firstName() {
        return tags.keySet().stream().findFirst();
    }

    /** A value with all whitespace (FWS) removed, as base64 and colon-separated lists are read. */
    public static String withoutWhitespace(String value) {
        return value.replaceAll("[ \\t\\r\\n]", "");
    }
}
