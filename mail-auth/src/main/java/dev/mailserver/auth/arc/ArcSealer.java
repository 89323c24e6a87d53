package dev.mailserver.auth.arc;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.mailserver.auth.dkim.DkimAlgorithm;
import dev.mailserver.auth.dkim.DkimSigner;
import dev.mailserver.auth.dkim.DkimSigningKey;
import dev.mailserver.auth.message.MailMessage;
import dev.mailserver.auth.results.AuthenticationResults;
import dev.mailserver.core.mime.HeaderSection.Field;

/**
 * Adds our ARC set (RFC 8617 section 5.1) to a message we forward, so that the next receiver can see what our
 * checks found even where forwarding breaks SPF (and DKIM, should a list change the message):
 * <ul>
 * <li>ARC-Authentication-Results, i=N+1, with the results of our own Authentication-Results field (the checks at
 * receipt), or {@code none} for a message we did not check (ours going out);</li>
 * <li>ARC-Message-Signature: a DKIM signature of the header set {@link DkimSigner} signs, relaxed/relaxed;</li>
 * <li>ARC-Seal with cv=none for the first set, else the chain's validation as our checks recorded it
 * ({@code arc=pass} or {@code arc=fail}); a failed chain's seal signs only its own set.</li>
 * </ul>
 * No set is added to a chain whose newest seal says cv=fail, to a chain of 50 sets, or to a chain our checks
 * did not validate (a message that was not checked, or whose check did not finish).
 */
public final class ArcSealer {
    private final DkimSigningKey key;
    private final String authservId;
    private final Clock clock;
    private final DkimSigner signer;

    /**
     * @param key an rsa-sha256 key, the only algorithm of RFC 8617
     * @param authservId the authserv-id of our Authentication-Results field
     */
    public ArcSealer(DkimSigningKey key, String authservId, Clock clock) {
        if (key.algorithm() != DkimAlgorithm.RSA_SHA256) {
            throw new IllegalArgumentException("ARC seals are rsa-sha256; " + key.recordName() + " is " + key.algorithm().tagValue());
        }
        this.key = key;
        this.authservId = Objects.requireNonNull(authservId, "authservId");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.signer = new DkimSigner(List.of(key), clock);
    }

    /** The DNS name of the key's record, for the log. */
    public String keyName() {
        return key.recordName();
    }

    /**
     * The ARC set to put on top of the message (ARC-Seal first), or why there is none.
     *
     * @param fields the set's fields, empty when the message is not sealed
     * @param reason why it is not sealed, or empty
     */
    public record Sealing(List<Field> fields, String reason) {
        public Sealing {
            fields = List.copyOf(fields);
            Objects.requireNonNull(reason, "reason");
        }

        static Sealing not(String reason) {
            return new Sealing(List.of(), reason);
        }
    }

    public Sealing seal(MailMessage message) {
        int existing = ArcSets.sealCount(message);
        if (existing >= ArcSets.MAX_INSTANCES) {
            return Sealing.not("the ARC chain has " + existing + " sets already");
        }
        Optional<Field> ours = AuthenticationResults.ours(message, authservId);
        String validation = "none";
        List<Field> earlier = List.of();
        if (ArcSets.present(message)) {
            validation = ours.flatMap(field -> AuthenticationResults.result(field, "arc")).orElse("");
            if (!validation.equals("pass") && !validation.equals("fail")) {
                return Sealing.not("the ARC chain was not validated when the message arrived");
            }
            try {
                ArcSets sets = ArcSets.read(message);
                if (sets.chainValidation(sets.count()).equals("fail")) {
                    return Sealing.not("the ARC chain failed before us (cv=fail)");
                }
                earlier = validation.equals("pass") ? sets.upTo(sets.count()) : List.of();
            } catch (IllegalArgumentException e) {
                validation = "fail";
            }
        }
        int instance = existing + 1;
        Field results = MailMessage.field(ArcSets.RESULTS + ": i=" + instance + "; "
            + ours.map(field -> field.text().substring(field.text().indexOf(':') + 1).strip()).orElse(authservId + "; none"));
        Field messageSignature = signer.arcMessageSignature(message.withPrepended(List.of(results)), key, instance);
        String unsigned = ArcSets.SEAL + ": i=" + instance + "; a=" + key.algorithm().tagValue() + "; cv=" + validation
            + "; d=" + key.domain() + "; s=" + key.selector() + ";\r\n\tt=" + clock.instant().getEpochSecond() + ";\r\n\tb=";
        List<Field> signed = new ArrayList<>(earlier);
        signed.addAll(List.of(results, messageSignature));
        Field seal = MailMessage.field(unsigned + DkimSigner.foldedSignature(key, ArcSets.sealData(signed, unsigned)));
        return new Sealing(List.of(seal, messageSignature, results), "");
    }
}
