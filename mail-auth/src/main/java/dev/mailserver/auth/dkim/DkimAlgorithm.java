package dev.mailserver.auth.dkim;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The signing algorithms we sign and verify with: rsa-sha256 (RFC 6376) and ed25519-sha256 (RFC 8463).
 * rsa-sha1 is not among them: RFC 8301 forbids treating it as valid.
 */
public enum DkimAlgorithm {
    RSA_SHA256("rsa-sha256", "rsa", "RSA"),
    ED25519_SHA256("ed25519-sha256", "ed25519", "Ed25519");

    private final String tagValue;
    private final String keyType;
    private final String jcaKeyAlgorithm;

    DkimAlgorithm(String tagValue, String keyType, String jcaKeyAlgorithm) {
        this.tagValue = tagValue;
        this.keyType = keyType;
        this.jcaKeyAlgorithm = jcaKeyAlgorithm;
    }

    /** The value of a signature's a= tag. */
    public String tagValue() {
        return tagValue;
    }

    /** The value of a key record's k= tag. */
    public String keyType() {
        return keyType;
    }

    /** The JCA name of the key algorithm ("RSA", "Ed25519"). */
    public String jcaKeyAlgorithm() {
        return jcaKeyAlgorithm;
    }

    public static Optional<DkimAlgorithm> ofTag(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(algorithm -> algorithm.tagValue.equals(lower)).findFirst();
    }

    public static Optional<DkimAlgorithm> ofKeyType(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(algorithm -> algorithm.keyType.equals(lower)).findFirst();
    }

    /** Signs the canonicalized header data. Ed25519 signs its SHA-256 hash (RFC 8463 section 3). */
    public byte[] sign(PrivateKey key, byte[] data) throws GeneralSecurityException {
        Signature signature = signature();
        signature.initSign(key);
        signature.update(input(data));
        return signature.sign();
    }

    public boolean verify(PublicKey key, byte[] data, byte[] signed) throws GeneralSecurityException {
        Signature signature = signature();
        signature.initVerify(key);
        signature.update(input(data));
        return signature.verify(signed);
    }

    private Signature signature() throws GeneralSecurityException {
        return Signature.getInstance(this == RSA_SHA256 ? "SHA256withRSA" : "Ed25519");
    }

    private byte[] input(byte[] data) throws GeneralSecurityException {
        return this == RSA_SHA256 ? data : MessageDigest.getInstance("SHA-256").digest(data);
    }
}
