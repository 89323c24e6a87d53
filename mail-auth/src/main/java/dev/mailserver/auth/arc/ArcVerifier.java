package dev.mailserver.auth.arc;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import dev.mailserver.auth.dkim.Canonicalization;
import dev.mailserver.auth.dkim.DkimResult;
import dev.mailserver.auth.dkim.DkimStatus;
import dev.mailserver.auth.dkim.DkimVerifier;
import dev.mailserver.auth.dkim.HeaderHash;
import dev.mailserver.auth.dkim.TagList;
import dev.mailserver.auth.message.MailMessage;
import dev.mailserver.core.mime.HeaderSection.Field;

/**
 * Validates the ARC chain of a message (RFC 8617 section 5.2): one ARC-Authentication-Results,
 * ARC-Message-Signature and ARC-Seal per instance 1..N, without gaps; cv=none on the first seal and
 * cv=pass on the others; the newest message signature and every seal verify. Blocks on DNS.
 */
public final class ArcVerifier {
    static final int MAX_INSTANCES = 50;
    private static final String SEAL = "ARC-Seal";
    private static final String MESSAGE_SIGNATURE = "ARC-Message-Signature";
    private static final String RESULTS = "ARC-Authentication-Results";

    private final DkimVerifier signatures;

    /** @param signatures verifies the message signatures and seals, with its DNS and clock */
    public ArcVerifier(DkimVerifier signatures) {
        this.signatures = Objects.requireNonNull(signatures, "signatures");
    }

    public ArcResult verify(MailMessage message) {
        List<Field> seals = message.headers(SEAL);
        List<Field> messageSignatures = message.headers(MESSAGE_SIGNATURE);
        List<Field> results = message.headers(RESULTS);
        int count = seals.size();
        if (count == 0 && messageSignatures.isEmpty() && results.isEmpty()) {
            return new ArcResult(ArcStatus.NONE, 0, "");
        }
        if (count > MAX_INSTANCES) {
            return ArcResult.failed(count, "more than " + MAX_INSTANCES + " ARC sets");
        }
        if (messageSignatures.size() != count || results.size() != count) {
            return ArcResult.failed(count, "the ARC sets are incomplete (" + count + " seals, " + messageSignatures.size()
                + " message signatures, " + results.size() + " results)");
        }
        Field[] sealOf = new Field[count + 1];
        Field[] signatureOf = new Field[count + 1];
        Field[] resultsOf = new Field[count + 1];
        for (int i = 0; i < count; i++) {
            if (!place(sealOf, seals.get(i)) || !place(signatureOf, messageSignatures.get(i)) || !place(resultsOf, results.get(i))) {
                return ArcResult.failed(count, "the ARC instances are not 1 to " + count + ", each once");
            }
        }
        for (int i = 1; i <= count; i++) {
            String expected = i == 1 ? "none" : "pass";
            String cv = tag(sealOf[i], "cv").orElse("");
            if (!cv.equals(expected)) {
                return ArcResult.failed(count, "ARC-Seal i=" + i + " has cv=" + cv + ", not " + expected);
            }
        }
        DkimResult newest = signatures.verifyArcMessageSignature(message, signatureOf[count]);
        if (newest.status() != DkimStatus.PASS) {
            return ArcResult.failed(count, "ARC-Message-Signature i=" + count + ": " + newest.reason());
        }
        for (int i = count; i >= 1; i--) {
            String problem = sealProblem(sealOf, signatureOf, resultsOf, i);
            if (problem != null) {
                return ArcResult.failed(count, "ARC-Seal i=" + i + ": " + problem);
            }
        }
        return new ArcResult(ArcStatus.PASS, count, "");
    }

    /** Why the seal of instance i does not verify, or null when it does (RFC 8617 section 5.1.1). */
    private String sealProblem(Field[] sealOf, Field[] signatureOf, Field[] resultsOf, int instance) {
        TagList tags;
        try {
            tags = TagList.parse(sealOf[instance].value());
            if (tags.has("h")) {
                return "a seal has no h=";
            }
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            for (int i = 1; i <= instance; i++) {
                data.writeBytes(Canonicalization.RELAXED.header(resultsOf[i]).getBytes(StandardCharsets.UTF_8));
                data.writeBytes(Canonicalization.RELAXED.header(signatureOf[i]).getBytes(StandardCharsets.UTF_8));
                String seal = i == instance ? Canonicalization.RELAXED.header(HeaderHash.withoutSignature(sealOf[i].text()))
                    : Canonicalization.RELAXED.header(sealOf[i]);
                data.writeBytes(seal.getBytes(StandardCharsets.UTF_8));
            }
            byte[] signed = Base64.getDecoder().decode(TagList.withoutWhitespace(tags.require("b")));
            DkimResult result = signatures.verifyWithPublishedKey(tags.require("d").toLowerCase(Locale.ROOT), tags.require("s"),
                tags.require("a"), data.toByteArray(), signed);
            return result.status() == DkimStatus.PASS ? null : result.reason();
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
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
