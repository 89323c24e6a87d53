package dev.mailserver.storage.users;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.james.core.MailAddress;

import dev.mailserver.core.directory.UserDirectory;
import dev.mailserver.storage.directory.DirectoryFiles;
import dev.mailserver.storage.directory.MapFile;
import dev.mailserver.storage.directory.ReloadingMap;

/**
 * The mail users kept in a users file ({@code address:password-hash} lines, see {@link MapFile}). A user
 * logs in with their address, owns that address as envelope sender and has a mailbox under it.
 *
 * <p>A running server sees changes made by other processes, such as {@code mailserver user add}, within a moment
 * (see {@link DirectoryFiles}).
 */
public final class UserAccounts implements UserDirectory {
    private final ReloadingMap users;

    private UserAccounts(ReloadingMap users) {
        this.users = users;
    }

    /** The users in {@code file}; a file that does not exist yet means no users. */
    public static UserAccounts open(Path file) throws IOException {
        return open(file, DirectoryFiles.checkedOnRead());
    }

    /** As {@link #open(Path)}, kept current as {@code files} says. */
    public static UserAccounts open(Path file, DirectoryFiles files) throws IOException {
        return new UserAccounts(files.open(new MapFile(file, "address:password-hash", ":", "user")));
    }

    @Override
    public boolean authenticate(String username, String password) {
        String hash = current().get(key(username));
        return hash == null ? PasswordHashes.matchesNothing(password) : PasswordHashes.matches(password, hash);
    }

    @Override
    public boolean mayUseSender(String username, MailAddress sender) {
        return current().containsKey(key(username)) && key(username).equals(key(sender.asString()));
    }

    /** Whether a user has this address. */
    public boolean exists(MailAddress address) {
        return current().containsKey(key(address.asString()));
    }

    public List<String> addresses() {
        return current().keySet().stream().sorted().toList();
    }

    /**
     * Adds a user with a new Argon2id hash of {@code password}.
     *
     * @throws IllegalArgumentException when the user exists already or the password is empty
     */
    public void add(MailAddress address, String password) throws IOException {
        String hash = hash(password);
        users.update(entries -> {
            if (entries.putIfAbsent(key(address.asString()), hash) != null) {
                throw new IllegalArgumentException("user " + address.asString() + " exists already");
            }
            return entries;
        });
    }

    /**
     * Gives a user a new Argon2id hash of {@code password}.
     *
     * @throws IllegalArgumentException when there is no such user or the password is empty
     */
    public void changePassword(MailAddress address, String password) throws IOException {
        String hash = hash(password);
        users.update(entries -> {
            if (entries.replace(key(address.asString()), hash) == null) {
                throw noSuchUser(address);
            }
            return entries;
        });
    }

    /**
     * Removes a user; their mailbox stays where it is.
     *
     * @throws IllegalArgumentException when there is no such user
     */
    public void remove(MailAddress address) throws IOException {
        users.update(entries -> {
            if (entries.remove(key(address.asString())) == null) {
                throw noSuchUser(address);
            }
            return entries;
        });
    }

    private static String hash(String password) {
        if (password.isEmpty()) {
            throw new IllegalArgumentException("the password is empty");
        }
        return PasswordHashes.hash(password);
    }

    private static IllegalArgumentException noSuchUser(MailAddress address) {
        return new IllegalArgumentException("no user " + address.asString());
    }

    private Map<String, String> current() {
        return users.current();
    }

    private static String key(String address) {
        return address.toLowerCase(Locale.ROOT);
    }
}
