package dev.mailserver.storage.sieve;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import org.apache.james.core.MailAddress;

import dev.mailserver.core.InternationalAddresses;
import dev.mailserver.storage.maildir.DurableDirectories;

/**
 * The users' Sieve scripts: {@code <root>/<domain>/<local part>/<name>.sieve}, with the name of the active one in
 * {@code active} beside them (at most one per user is active). Each change is written to a temporary file, synced and
 * renamed, so that a delivery reads the old script or the new one, never half of one; a running server reads the
 * active script at each delivery and so sees changes at once. Safe for concurrent use.
 */
public final class SieveScripts {
    private static final String SUFFIX = ".sieve";
    private static final String ACTIVE = "active";

    private final Path root;

    public SieveScripts(Path root) {
        this.root = Objects.requireNonNull(root, "root");
    }

    /** A script of a user, and whether it is the active one. */
    public record Listed(String name, boolean active) {
    }

    /** The active script's name and text. */
    public record Active(String name, String text) {
    }

    /** Letters, digits, {@code .}, {@code -} and {@code _}, at most 64, not starting with a dot. */
    public static boolean isScriptName(String name) {
        return name.matches("[\\p{Alnum}_-][\\p{Alnum}._-]{0,63}");
    }

    /** The directory of the user's scripts and Sieve state (the vacation replies sent). */
    public Path userDirectory(MailAddress user) {
        return root.resolve(user.getDomain().asString().toLowerCase(Locale.ROOT))
            .resolve(InternationalAddresses.mailboxName(user).toLowerCase(Locale.ROOT));
    }

    /**
     * Stores the script under that name, replacing one of the same name (the active one stays active).
     *
     * @throws InvalidScriptException when the script is broken; nothing is stored then
     */
    public void put(MailAddress user, String name, String text) throws IOException, InvalidScriptException {
        SieveScript.parse(text);
        Path directory = userDirectory(user);
        DurableDirectories.create(directory);
        replace(directory.resolve(fileName(name)), text);
    }

    public Optional<String> get(MailAddress user, String name) throws IOException {
        try {
            return Optional.of(Files.readString(userDirectory(user).resolve(fileName(name)), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** The user's scripts, by name. */
    public List<Listed> list(MailAddress user) throws IOException {
        Optional<String> active = activeName(user);
        List<Listed> scripts = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(userDirectory(user), "*" + SUFFIX)) {
            for (Path file : files) {
                String fileName = file.getFileName().toString();
                String name = fileName.substring(0, fileName.length() - SUFFIX.length());
                scripts.add(new Listed(name, active.filter(name::equals).isPresent()));
            }
        } catch (NoSuchFileException noScriptsYet) {
            return List.of();
        }
        scripts.sort((a, b) -> a.name().compareTo(b.name()));
        return scripts;
    }

    /** Makes the script of that name the active one. @throws IllegalArgumentException when there is no such script */
    public void activate(MailAddress user, String name) throws IOException {
        Path directory = userDirectory(user);
        if (!Files.isRegularFile(directory.resolve(fileName(name)))) {
            throw new IllegalArgumentException("no script " + name + " for " + user.asString());
        }
        replace(directory.resolve(ACTIVE), name + "\n");
    }

    /** Makes none of the user's scripts active: their mail is no longer filtered. */
    public void deactivate(MailAddress user) throws IOException {
        Path directory = userDirectory(user);
        if (Files.deleteIfExists(directory.resolve(ACTIVE))) {
            DurableDirectories.sync(directory);
        }
    }

    /**
     * Gives a script another name; the active one stays active under it.
     *
     * @throws IllegalArgumentException when there is no script {@code from} or there is one named {@code to} already
     */
    public void rename(MailAddress user, String from, String to) throws IOException {
        Path directory = userDirectory(user);
        Path source = directory.resolve(fileName(from));
        Path target = directory.resolve(fileName(to));
        if (!Files.isRegularFile(source)) {
            throw new IllegalArgumentException("no script " + from + " for " + user.asString());
        }
        if (Files.exists(target)) {
            throw new IllegalArgumentException("a script " + to + " exists already for " + user.asString());
        }
        boolean wasActive = activeName(user).filter(from::equals).isPresent();
        Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        DurableDirectories.sync(directory);
        if (wasActive) {
            replace(directory.resolve(ACTIVE), to + "\n");
        }
    }

    /**
     * Removes the script; when it was the active one, the user has none active afterwards.
     *
     * @return whether it was the active one
     * @throws IllegalArgumentException when there is no such script
     */
    public boolean remove(MailAddress user, String name) throws IOException {
        Path directory = userDirectory(user);
        boolean wasActive = activeName(user).filter(name::equals).isPresent();
        if (wasActive) {
            Files.delete(directory.resolve(ACTIVE));
        }
        if (!Files.deleteIfExists(directory.resolve(fileName(name)))) {
            throw new IllegalArgumentException("no script " + name + " for " + user.asString());
        }
        DurableDirectories.sync(directory);
        return wasActive;
    }

    /** The user's active script, if any; read from disk each time. */
    public Optional<Active> active(MailAddress user) throws IOException {
        Optional<String> name = activeName(user);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        return get(user, name.get()).map(text -> new Active(name.get(), text));
    }

    private Optional<String> activeName(MailAddress user) throws IOException {
        Path file = userDirectory(user).resolve(ACTIVE);
        if (!Files.exists(file)) {
            // the common case at delivery: a user without a script, found with one stat and no exception
            return Optional.empty();
        }
        try {
            String name = Files.readString(file, StandardCharsets.UTF_8).strip();
            return isScriptName(name) ? Optional.of(name) : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    private static String fileName(String name) {
        if (!isScriptName(name)) {
            throw new IllegalArgumentException("'" + name + "' is not a script name: letters, digits, '.', '-' and '_', at most 64");
        }
        return name + SUFFIX;
    }

    /** Writes the file whole and durably: a temporary file synced, renamed over it, the directory synced. */
    static void replace(Path file, String text) throws IOException {
        Path temporary = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            ByteBuffer bytes = StandardCharsets.UTF_8.encode(text);
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        }
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
        DurableDirectories.sync(file.getParent());
    }
}
