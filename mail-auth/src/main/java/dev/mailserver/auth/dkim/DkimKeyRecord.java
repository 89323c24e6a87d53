package dev.mailserver.auth.dkim;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.List;

/** A DKIM public key record (RFC 6376 section 3.6.1) as far as a verifier needs it. */
record DkimKeyRecord(DkimAlgorithm algorithm, PublicKey key, boolean strictIdentity) {
    static final int MINIMUM_RSA_BITS = 1024;

    /**
     * Reads the record for a signature of this algorithm; throws {@link IllegalArgumentException} saying
     * why the key cannot verify it.
     */
    static DkimKeyRecord parse(String text, DkimAlgorithm signatureAlgorithm) {
        TagList tags = TagList.parse(text);
        if (tags.has("v") && (!tags.require("v").equals("DKIM1") || !tags.firstName().orElse("").equals("v"))) {
            throw new IllegalArgumentException("the key record's v= is not DKIM1 first");
        }
        String keyType = tags.keyword("k").orElse("rsa");
        DkimAlgorithm keyAlgorithm = DkimAlgorithm.ofKeyType(keyType)
            .orElseThrow(() -> new IllegalArgumentException("unknown key type k=" + keyType));
        if (keyAlgorithm != signatureAlgorithm) {
            throw new IllegalArgumentException("the key is k=" + keyType + ", the signature a=" + signatureAlgorithm.tagValue());
        }
        if (tags.has("h") && !list(tags.require("h")).contains("sha256")) {
            throw new IllegalArgumentException("the key record does not allow sha256 (h=" + tags.require("h") + ")");
        }
        if (tags.has("s") && !list(tags.require("s")).contains("*") && !list(tags.require("s")).contains("email")) {
            throw new IllegalArgumentException("the key is not for email (s=" + tags.require("s") + ")");
        }
        String p = TagList.withoutWhitespace(tags.require("p"));
        if (p.isEmpty()) {
            throw new IllegalArgumentException("the key has been revoked (empty p=)");
        }
        PublicKey key;
        try {
            key = DkimKeys.parsePublicKey(keyAlgorithm, p);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("p= is not a " + keyType + " public key: " + e.getMessage());
        }
        if (key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() < MINIMUM_RSA_BITS) {
            throw new IllegalArgumentException("the RSA key has " + rsa.getModulus().bitLength() + " bits, fewer than " + MINIMUM_RSA_BITS);
        }
        boolean strict = tags.get("t").map(flags -> list(flags).contains("s")).orElse(false);
        return new DkimKeyRecord(keyAlgorithm, key, strict);
    }

    private static List<String> list(String value) {
        return Arrays.stream(TagList.withoutWhitespace(value).split(":")).toList();
    }
}
