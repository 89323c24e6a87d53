package dev.mailserver.app.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

import dev.mailserver.app.config.ServerConfig;

/** The bearer token of the admin API: the configured one, or one kept in a file only its owner may read. */
public final class AdminToken {
    private static final int RANDOM_BYTES = 32;

    private AdminToken() {
    }

    /** The token the server accepts: the configured one, else the one in the token file, made there on first use. */
    static String forServer(ServerConfig config) throws IOException {
        if (!config.admin().token().isEmpty()) {
            return config.admin().token();
        }
        Path file = config.adminTokenFile();
        if (!Files.exists(file)) {
            create(file);
        }
        return read(file);
    }

    /** The token a client sends: the configured one, else the one the server keeps in the token file. */
    public static String forClient(ServerConfig config) throws IOException {
        return config.admin().token().isEmpty() ? read(config.adminTokenFile()) : config.admin().token();
    }

    /** Makes the file with a random token; another process that made it first wins. */
    private static void create(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        byte[] random = new byte[RANDOM_BYTES];
        new SecureRandom().nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            return;
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Files.writeString(file, token + "\n", StandardCharsets.US_ASCII);
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.US_ASCII).trim();
    }
}
