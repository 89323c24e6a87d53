package dev.mailserver.auth.dkim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * DKIM keys: making them, keeping the private key as a PKCS#8 PEM file readable by its owner only, and
 * the public key as DNS publishes it (p= of the key record). An RSA public key is published as its DER
 * SubjectPublicKeyInfo, an Ed25519 one as its 32 raw bytes (RFC 8463 section 4.2).
 */
public final class DkimKeys {
    /** The DER prefix of an Ed25519 SubjectPublicKeyInfo, before the 32 key bytes (RFC 8410). */
    private static final byte[] ED25519_SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
    private static final int ED25519_KEY_BYTES = 32;
    private static final String PEM_BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String PEM_END = "-----END PRIVATE KEY-----";

    private DkimKeys() {
    }

    /** A new key pair; {@code rsaBits} is used for RSA only. */
    public static KeyPair generate(DkimAlgorithm algorithm, int rsaBits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm.jcaKeyAlgorithm());
            if (algorithm == DkimAlgorithm.RSA_SHA256) {
                generator.initialize(rsaBits);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot make " + algorithm.keyType() + " keys", e);
        }
    }

    /** Writes the private key as PEM, created with mode 0600 where the file system has POSIX modes. */
    public static void writePrivateKey(PrivateKey key, Path file) throws IOException {
        String pem = PEM_BEGIN + "\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded()) + "\n" + PEM_END + "\n";
        Files.createDirectories(file.toAbsolutePath().getParent());
        if (Files.getFileStore(file.toAbsolutePath().getParent()).supportsFileAttributeView("posix")) {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.writeString(file, pem, StandardCharsets.US_ASCII, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    }

    /** Reads a PKCS#8 PEM private key, RSA or Ed25519, and says which it is. */
    public static DkimSigningKey readSigningKey(Path file, String domain, String selector) throws IOException {
        IOException last = null;
        for (DkimAlgorithm algorithm : DkimAlgorithm.values()) {
            try {
                return new DkimSigningKey(domain, selector, algorithm, readPrivateKey(file, algorithm));
            } catch (IOException e) {
                last = e;
            }
        }
        throw new IOException(file + " holds neither an RSA nor an Ed25519 private key", last);
    }

    /** Reads a PKCS#8 PEM private key of the algorithm's type. */
    public static PrivateKey readPrivateKey(Path file, DkimAlgorithm algorithm) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        int begin = text.indexOf(PEM_BEGIN);
        int end = text.indexOf(PEM_END);
        if (begin < 0 || end < begin) {
            throw new IOException(file + " is not a PEM private key (\"" + PEM_BEGIN + "\")");
        }
        byte[] der = Base64.getMimeDecoder().decode(text.substring(begin + PEM_BEGIN.length(), end));
        try {
            return KeyFactory.getInstance(algorithm.jcaKeyAlgorithm()).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IOException(file + " does not hold an " + algorithm.keyType() + " private key: " + e.getMessage(), e);
        }
    }

    /** The p= value of the key record. */
    public static String publicKeyTag(PublicKey key) {
        byte[] encoded = key.getEncoded();
        if (key.getAlgorithm().equals("RSA")) {
            return Base64.getEncoder().encodeToString(encoded);
        }
        return Base64.getEncoder().encodeToString(Arrays.copyOfRange(encoded, encoded.length - ED25519_KEY_BYTES, encoded.length));
    }

    /** The whole TXT record to publish at {@code selector._domainkey.domain}. */
    public static String txtRecord(DkimAlgorithm algorithm, PublicKey key) {
        return "v=DKIM1; k=" + algorithm.keyType() + "; p=" + publicKeyTag(key);
    }

    /** The public key a p= value stands for, or throws {@link GeneralSecurityException} when it is not one. */
    public static PublicKey parsePublicKey(DkimAlgorithm algorithm, String base64) throws GeneralSecurityException {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("p= is not base64");
        }
        if (algorithm == DkimAlgorithm.RSA_SHA256) {
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(bytes));
        }
        if (bytes.length != ED25519_KEY_BYTES) {
            throw new GeneralSecurityException("an ed25519 key has 32 bytes, not " + bytes.length);
        }
        byte[] spki = Arrays.copyOf(ED25519_SPKI_PREFIX, ED25519_SPKI_PREFIX.length + ED25519_KEY_BYTES);
        System.arraycopy(bytes, 0, spki, ED25519_SPKI_PREFIX.length, ED25519_KEY_BYTES);
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
    }
}
