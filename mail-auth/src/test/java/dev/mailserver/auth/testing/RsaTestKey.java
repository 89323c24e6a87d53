package dev.mailserver.auth.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;

import dev.mailserver.auth.dkim.DkimAlgorithm;
import dev.mailserver.auth.dkim.DkimKeys;

/** A new 2048-bit RSA key for a test: the pair, its PKCS#8 PEM file (for dkimpy) and its DKIM record to publish. */
public record RsaTestKey(KeyPair pair, Path file, String record) {
    public static RsaTestKey make(Path directory, String name) throws IOException {
        KeyPair pair = DkimKeys.generate(DkimAlgorithm.RSA_SHA256, 2048);
        Path file = directory.resolve(name + ".key");
        DkimKeys.writePrivateKey(pair.getPrivate(), file);
        return new RsaTestKey(pair, file, DkimKeys.txtRecord(DkimAlgorithm.RSA_SHA256, pair.getPublic()));
    }
}
