package dev.mailserver.auth.arc;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.mailserver.auth.dkim.Canonicalization;
import dev.mailserver.auth.dkim.HeaderHash;
import dev.mailserver.auth.dkim.TagList;
import dev.mailserver.auth.message.MailMessage;
import dev.mailserver.core.mime.HeaderSection.Field;

/**
 * The ARC sets of a message (RFC 8617 section 4): an ARC-Authentication-Results, ARC-Message-Signature and
 * ARC-Seal per instance, numbered 1..N, and the data an ARC-Seal signs.
 */
final class ArcSets {
    static final int MAX_INSTANCES = 50;
    static final String SEAL = "ARC-Seal";
    static final String MESSAGE_SIGNATURE = "ARC-Message-Signature";
    static final String RESULTS = "ARC-Authentication-Results";

    private final Field[] seals;
    private final Field[] signatures;
    private final Field[] results;

    private ArcSets(Field[] seals, Field[] signatures, Field[] results) {
        this.seals = seals;
        this.signatures = signatures;
        this.results = results;
    }

    /** Whether the message has any ARC field. */
    static boolean present(MailMessage message) {
        return !message.headers(SEAL).isEmpty() || !message.headers(MESSAGE_SIGNATURE).isEmpty() || !message.headers(RESULTS).isEmpty();
    }

    /** The number of ARC-Seal fields, the chain's length when it is complete. */
    static int sealCount(MailMessage message) {
        return message.headers(SEAL).size();
    }

    /** The message's sets, in order; throws {@link IllegalArgumentException} saying why they are not complete sets 1..N. */
    static ArcSets read(MailMessage message) {
        List<Field> sealFields = message.headers(SEAL);
        List<Field> signatureFields = message.headers(MESSAGE_SIGNATURE);
        List<Field> resultFields = message.headers(RESULTS);
        int count = sealFields.size();
        if (count > MAX_INSTANCES) {
            throw new IllegalArgumentException("more than " + MAX_INSTANCES + " ARC sets");
        }
        if (signatureFields.size() != count || resultFields.size() != count) {
            throw new IllegalArgumentException("the ARC sets are incomplete (" + count + " seals, " + signatureFields.size()
                + " message signatures, " + resultFields.size() + " results)");
        }
        ArcSets sets = new ArcSets(new Field[count + 1], new Field[count + 1], new Field[count + 1]);
        for (int i = 0; i < count; i++) {
            if (!place(sets.seals, sealFields.get(i)) || !place(sets.signatures, signatureFields.get(i))
                || !place(sets.results, resultFields.get(i))) {
                throw new IllegalArgumentException("the ARC instances are not 1 to " + count + ", each once");
            }
        }
        return sets;
    }

    int count() {
        return seals.length - 1;
    }

    Field seal(int instance) {
        return seals[instance];
    }

    Field messageSignature(int instance) {
        return signatures[instance];
    }

    /** The seal's cv= value, lower-cased; empty when it has none or cannot be read. */
    String chainValidation(int instance) {
        return tag(seals[instance], "cv").orElse("");
    }

    /** The fields of sets 1..{@code last}, each set as a seal signs it: results, message signature, seal. */
    List<Field> upTo(int last) {
        List<Field> fields = new ArrayList<>();
        for (int i = 1; i <= last; i++) {
            fields.addAll(List.of(results[i], signatures[i], seals[i]));
        }
        return fields;
    }

    /** The fields of set {@code instance} that its seal signs besides the earlier sets: its results and message signature. */
    List<Field> resultsAndSignature(int instance) {
        return List.of(results[instance], signatures[instance]);
    }

    /**
     * What an ARC-Seal signs (RFC 8617 section 5.1.1): the fields, relaxed, then the seal itself with an empty b=
     * and no final CRLF.
     */
    static byte[] sealData(List<Field> fields, String seal) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (Field field : fields) {
            data.writeBytes(Canonicalization.RELAXED.header(field).getBytes(StandardCharsets.UTF_8));
        }
        data.writeBytes(Canonicalization.RELAXED.header(HeaderHash.withoutSignature(seal)).getBytes(StandardCharsets.UTF_8));
        return data.toByteArray();
    }

    /** Puts the field at its instance; false when the instance is out of range or taken. */
    private static boolean place(Field[] byInstance, Field field) {
        Optional<Integer> instance = instance(field);
        if (instance.isEmpty() || instance.get() < 1 || instance.get() >= byInstance.length || byInstance[instance.get()] != null) {
            return false;
        }
        byInstance[instance.get()] = field;
        return true;
    }

    private static Optional<Integer> instance(Field field) {
        String value = field.value();
        int semicolon = value.indexOf(';');
        String first = (semicolon < 0 ? value : value.substring(0, semicolon)).strip();
        if (field.isNamed(RESULTS)) {
            return first.matches("i\\s*=\\s*[0-9]{1,2}") ? Optional.of(Integer.parseInt(first.replaceAll("[^0-9]", ""))) : Optional.empty();
        }
        return tag(field, "i").filter(i -> i.matches("[0-9]{1,2}")).map(Integer::parseInt);
    }

    private static Optional<String> tag(Field field, String name) {
        try {
            return TagList.parse(field.value()).get(name).map(value -> value.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
