package dev.mailserver.smtp.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

/**
 * Makes the entries of a directory impossible to delete, for tests of what happens when a cleanup
 * fails: the immutable attribute ({@code chattr +i}) for root, who ignores permissions, and mode 0555
 * for anyone else. Closing undoes it, so that the test's temporary directory can be removed.
 */
public final class Undeletable implements AutoCloseable {
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    private final Path directory;

    private Undeletable(Path directory) {
        this.directory = directory;
    }

    public static Undeletable entriesOf(Path directory) throws IOException, InterruptedException {
        if (ROOT) {
            run("chattr", "+i", directory.toString());
        } else {
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("r-xr-xr-x"));
        }
        return new Undeletable(directory);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (ROOT) {
            run("chattr", "-i", directory.toString());
        } else {
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).inheritIO().start();
        if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("failed: " + String.join(" ", command));
        }
    }
}
