package dev.mailserver.auth.dkim;

import java.security.PrivateKey;
import java.util.Locale;
import java.util.Objects;

/** A private key that signs for a domain under a selector. */
public record DkimSigningKey(String domain, String selector, DkimAlgorithm algorithm, PrivateKey privateKey) {
    public DkimSigningKey {
        domain = Objects.requireNonNull(domain, "domain").toLowerCase(Locale.ROOT);
        Objects.requireNonNull(selector, "selector");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(privateKey, "privateKey");
        if (!privateKey.getAlgorithm().equalsIgnoreCase(algorithm.jcaKeyAlgorithm())
            && !(algorithm == DkimAlgorithm.ED25519_SHA256 && privateKey.getAlgorithm().equals("EdDSA"))) {
            throw new IllegalArgumentException("the key for " + selector + "._domainkey." + domain + " is "
                + privateKey.getAlgorithm() + ", not " + algorithm.keyType());
        }
    }

    /** The DNS name of the public key record. */
    public String recordName() {
        return selector + "._domainkey." + domain;
    }
}
