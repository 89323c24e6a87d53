package dev.mailserver.storage.srs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/**
 * The SRS secrets file, as postsrsd reads its own: one secret a line, the first signs new addresses, every
 * one is accepted in bounces (so that a new secret can be put first while the old one's addresses are still
 * out). A missing file is made, mode 0600, with one random secret.
 */
public final class SrsSecrets {
    private static final int RANDOM_BYTES = 24;

    private SrsSecrets() {
    }

    /** @throws IOException when the file cannot be read or made, or has no secret in it */
    public static List<byte[]> load(Path file) throws IOException {
        if (!Files.exists(file)) {
            create(file);
        }
        List<byte[]> secrets = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
            .map(String::strip).filter(line -> !line.isEmpty()).map(line -> line.getBytes(StandardCharsets.UTF_8)).toList();
        if (secrets.isEmpty()) {
            throw new IOException(file + " has no SRS secret in it");
        }
        return secrets;
    }

    private static void create(Path file) throws IOException {
        byte[] random = new byte[RANDOM_BYTES];
        new SecureRandom().nextBytes(random);
        Files.createDirectories(file.toAbsolutePath().getParent());
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            return;
        }
        Files.writeString(file, Base64.getEncoder().encodeToString(random) + "\n", StandardOpenOption.WRITE, StandardOpenOption.SYNC);
    }
}
