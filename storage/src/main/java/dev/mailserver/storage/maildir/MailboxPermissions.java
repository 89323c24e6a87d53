package dev.mailserver.storage.maildir;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.Optional;
import java.util.Set;

/**
 * Owner, group and modes given to what local delivery creates: the directories of a mailbox and each message
 * file. For example mailboxes owned by the {@code vmail} user that Dovecot runs as (Dovecot refuses mail owned
 * by root or by group 0). Changing the owner needs a server running as root (or with {@code CAP_CHOWN});
 * a group the server's user is a member of needs nothing. Empty means what the server's user and umask give.
 */
public record MailboxPermissions(Optional<UserPrincipal> owner, Optional<GroupPrincipal> group,
                                 Optional<Set<PosixFilePermission>> directoryMode, Optional<Set<PosixFilePermission>> fileMode) {
    public static final MailboxPermissions DEFAULT = new MailboxPermissions(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    /**
     * @param owner a user name or empty
     * @param group a group name or empty
     * @param directoryMode e.g. {@code rwxr-x---}, or empty
     * @param fileMode e.g. {@code rw-r-----}, or empty
     * @throws IllegalArgumentException naming the user, group or mode that does not exist or does not parse
     */
    public static MailboxPermissions of(String owner, String group, String directoryMode, String fileMode) {
        UserPrincipalLookupService names = FileSystems.getDefault().getUserPrincipalLookupService();
        return new MailboxPermissions(
            owner.isEmpty() ? Optional.empty() : Optional.of(lookUp("user", owner, names::lookupPrincipalByName)),
            group.isEmpty() ? Optional.empty() : Optional.of(lookUp("group", group, names::lookupPrincipalByGroupName)),
            mode(directoryMode), mode(fileMode));
    }

    private interface Lookup<T> {
        T find(String name) throws IOException;
    }

    private static <T> T lookUp(String kind, String name, Lookup<T> lookup) {
        try {
            return lookup.find(name);
        } catch (UserPrincipalNotFoundException e) {
            throw new IllegalArgumentException("no such " + kind + ": " + name, e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot look up the " + kind + " " + name + ": " + e.getMessage(), e);
        }
    }

    private static Optional<Set<PosixFilePermission>> mode(String text) {
        return text.isEmpty() ? Optional.empty() : Optional.of(PosixFilePermissions.fromString(text));
    }

    void applyToDirectory(Path directory) throws IOException {
        apply(directory, directoryMode);
    }

    void applyToFile(Path file) throws IOException {
        apply(file, fileMode);
    }

    private void apply(Path path, Optional<Set<PosixFilePermission>> mode) throws IOException {
        if (owner.isEmpty() && group.isEmpty() && mode.isEmpty()) {
            return;
        }
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        if (owner.isPresent()) {
            view.setOwner(owner.get());
        }
        if (group.isPresent()) {
            view.setGroup(group.get());
        }
        if (mode.isPresent()) {
            view.setPermissions(mode.get());
        }
    }
}
