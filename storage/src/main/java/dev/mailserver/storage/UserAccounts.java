package dev.mailserver.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.james.core.MailAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailserver.core.directory.UserDirectory;

/**
 * The mail users kept in a users file ({@code address:password-hash} lines, see {@link UserFile}). A user
 * logs in with their address, owns that address as envelope sender and has a mailbox under it.
 *
 * <p>Another process may change the file at any time (the {@code mailserver user} commands do, whether
 * or not the server runs): every lookup first checks whether the file was replaced and re-reads it then,
 * so a new user can log in at once. If the file cannot be read, the last good version stays in use.
 */
public final class UserAccounts implements UserDirectory {
    private static final Logger LOGGER = LoggerFactory.getLogger(UserAccounts.class);

    private final UserFile file;
    private Object loadedVersion;
    private Map<String, String> hashes = Map.of();

    private UserAccounts(UserFile file) {
        this.file = file;
    }

    /** The users in {@code file}; a file that does not exist yet means no users. */
    public static UserAccounts open(Path file) throws IOException {
        UserAccounts accounts = new UserAccounts(new UserFile(file));
        accounts.loadedVersion = accounts.file.version();
        accounts.hashes = accounts.file.read();
        return accounts;
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
        file.update(users -> {
            if (users.putIfAbsent(key(address.asString()), hash) != null) {
                throw new IllegalArgumentException("user " + address.asString() + " exists already");
            }
            return users;
        });
    }

    /**
     * Gives a user a new Argon2id hash of {@code password}.
     *
     * @throws IllegalArgumentException when there is no such user or the password is empty
     */
    public void changePassword(MailAddress address, String password) throws IOException {
        String hash = hash(password);
        file.update(users -> {
            if (users.replace(key(address.asString()), hash) == null) {
                throw noSuchUser(address);
            }
            return users;
        });
    }

    /**
     * Removes a user; their mailbox stays where it is.
     *
     * @throws IllegalArgumentException when there is no such user
     */
    public void remove(MailAddress address) throws IOException {
        file.update(users -> {
            if (users.remove(key(address.asString())) == null) {
                throw noSuchUser(address);
            }
            return users;
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

    private synchronized Map<String, String> current() {
        try {
            Object version = file.version();
            if (!version.equals(loadedVersion)) {
                hashes = file.read();
                loadedVersion = version;
                LOGGER.info("Users file {} read: {} user(s)", file.path(), hashes.size());
            }
        } catch (IOException | UncheckedIOException e) {
            LOGGER.error("Cannot read the users file {}; keeping the {} user(s) read before", file.path(), hashes.size(), e);
        }
        return hashes;
    }

    private static String key(String address) {
        return address.toLowerCase(Locale.ROOT);
    }
}
