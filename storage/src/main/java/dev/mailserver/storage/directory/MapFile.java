package dev.mailserver.storage.directory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

import dev.mailserver.storage.maildir.DurableDirectories;

/**
 * A small directory file in the data directory: one entry per line, {@code key} or
 * {@code key<separator>value} (e.g. the users file's {@code address:password-hash}, like a Dovecot
 * passwd-file); keys are lowercased, lines starting with {@code #} and blank lines are ignored. Writers
 * replace the whole file atomically (temporary file, fsync, rename) under a lock file, so a reader never
 * sees half a file and two writers, such as two CLI commands, never lose each other's change.
 */
public final class MapFile {
    private final Path file;
    private final String lineFormat;
    private final String separator;
    private final String command;

    /**
     * @param lineFormat what a line looks like, for error messages and the file's first line
     * @param separator what separates key and value, e.g. {@code ":"}; empty for a file of keys only
     * @param command the {@code mailserver} command that changes the file, named in its first line
     */
    public MapFile(Path file, String lineFormat, String separator, String command) {
        this.file = file;
        this.lineFormat = lineFormat;
        this.separator = separator;
        this.command = command;
    }

    public Path path() {
        return file;
    }

    /** Values by lowercased key (empty values in a file of keys only); empty when the file does not exist. */
    Map<String, String> read() throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Map.of();
        }
        Map<String, String> entries = new LinkedHashMap<>();
        for (int number = 1; number <= lines.size(); number++) {
            String line = lines.get(number - 1).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String mark = separator.strip();
            int keyEnd = mark.isEmpty() ? line.length() : line.indexOf(mark);
            if (keyEnd <= 0) {
                throw new IOException(file + " line " + number + ": expected " + lineFormat);
            }
            String value = line.substring(Math.min(keyEnd + mark.length(), line.length())).strip();
            entries.put(line.substring(0, keyEnd).strip().toLowerCase(Locale.ROOT), value);
        }
        return entries;
    }

    /** What identifies one version of the file: a replaced file has a new inode. */
    Object version() throws IOException {
        // Read for every recipient: a missing file (no aliases, no extra domains) must not cost an exception each time.
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return List.of(Objects.toString(attributes.fileKey()), attributes.lastModifiedTime(), attributes.size());
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }

    /** Reads, changes and atomically replaces the file while holding its lock. */
    public void update(UnaryOperator<Map<String, String>> change) throws IOException {
        DurableDirectories.create(file.toAbsolutePath().getParent());
        Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
        try (FileChannel lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = lockChannel.lock()) {
            write(change.apply(new LinkedHashMap<>(read())));
        }
    }

    private void write(Map<String, String> entries) throws IOException {
        StringBuilder text = new StringBuilder("# " + lineFormat + " lines. Change with `mailserver " + command + " ...`.\n");
        entries.forEach((key, value) -> text.append(key).append(separator).append(value).append('\n'));
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(StandardCharsets.UTF_8.encode(text.toString()));
            channel.force(true);
        }
        restrictToOwner(temporary);
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
        DurableDirectories.sync(file.toAbsolutePath().getParent());
    }

    private static void restrictToOwner(Path path) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the directory's own permissions protect the file.
        }
    }
}
