package dev.mailserver.auth.arc;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import dev.mailserver.auth.dkim.DkimResult;
import dev.mailserver.auth.dkim.DkimStatus;
import dev.mailserver.auth.dkim.DkimVerifier;
import dev.mailserver.auth.dkim.TagList;
import dev.mailserver.auth.message.MailMessage;
import dev.mailserver.core.mime.HeaderSection.Field;

/**
 * Validates the ARC chain of a message (RFC 8617 section 5.2): one ARC-Authentication-Results,
 * ARC-Message-Signature and ARC-Seal per instance 1..N, without gaps; cv=none on the first seal and
 * cv=pass on the others; the newest message signature and every seal verify. Blocks on DNS.
 */
public final class ArcVerifier {
    private final DkimVerifier signatures;

    /** @param signatures verifies the message signatures and seals, with its DNS and clock */
    public ArcVerifier(DkimVerifier signatures) {
        this.signatures = Objects.requireNonNull(signatures, "signatures");
    }

    public ArcResult verify(MailMessage message) {
        if (!ArcSets.present(message)) {
            return new ArcResult(ArcStatus.NONE, 0, "");
        }
        int count = ArcSets.sealCount(message);
        ArcSets sets;
        try {
            sets = ArcSets.read(message);
        } catch (IllegalArgumentException e) {
            return ArcResult.failed(count, e.getMessage());
        }
        for (int i = 1; i <= count; i++) {
            String expected = i == 1 ? "none" : "pass";
            String cv = sets.chainValidation(i);
            if (!cv.equals(expected)) {
                return ArcResult.failed(count, "ARC-Seal i=" + i + " has cv=" + cv + ", not " + expected);
            }
        }
        DkimResult newest = signatures.verifyArcMessageSignature(message, sets.messageSignature(count));
        if (newest.status() != DkimStatus.PASS) {
            return ArcResult.failed(count, "ARC-Message-Signature i=" + count + ": " + newest.reason());
        }
        for (int i = count; i >= 1; i--) {
            String problem = sealProblem(sets, i);
            if (problem != null) {
                return ArcResult.failed(count, "ARC-Seal i=" + i + ": " + problem);
            }
        }
        return new ArcResult(ArcStatus.PASS, count, "");
    }

    /** Why the seal of instance i does not verify, or null when it does (RFC 8617 section 5.1.1). */
    private String sealProblem(ArcSets sets, int instance) {
        Field seal = sets.seal(instance);
        try {
            TagList tags = TagList.parse(seal.value());
            if (tags.has("h")) {
                return "a seal has no h=";
            }
            List<Field> signed = new ArrayList<>(sets.upTo(instance - 1));
            signed.addAll(sets.resultsAndSignature(instance));
            byte[] signature = Base64.getDecoder().decode(TagList.withoutWhitespace(tags.require("b")));
            DkimResult result = signatures.verifyWithPublishedKey(tags.require("d").toLowerCase(Locale.ROOT), tags.require("s"),
                tags.require("a"), ArcSets.sealData(signed, seal.text()), signature);
            return result.status() == DkimStatus.PASS ? null : result.reason();
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }
}
