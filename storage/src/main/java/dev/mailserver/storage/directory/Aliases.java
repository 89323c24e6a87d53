package dev.mailserver.storage.directory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import javax.mail.internet.AddressException;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailserver.core.InternationalAddresses;

/**
 * Aliases kept in a file of the data directory, {@code alias@domain: target, target} lines, and catch-alls,
 * {@code @domain: target} lines, changed with {@code mailserver alias ...}; a running server sees changes within
 * a moment (see {@link DirectoryFiles}). A target may be another alias, but no alias may lead back to itself.
 * Mail for an alias goes to each of its targets (see {@link RecipientResolver}).
 */
public final class Aliases {
    private static final Logger LOGGER = LoggerFactory.getLogger(Aliases.class);
    private static final String TARGET_SEPARATOR = ", ";

    private final ReloadingMap aliases;

    private Aliases(ReloadingMap aliases) {
        this.aliases = aliases;
    }

    /** The aliases in {@code file}; a file that does not exist yet means none. */
    public static Aliases open(Path file) throws IOException {
        return open(file, DirectoryFiles.checkedOnRead());
    }

    /** As {@link #open(Path)}, kept current as {@code files} says. */
    public static Aliases open(Path file, DirectoryFiles files) throws IOException {
        return new Aliases(files.open(new MapFile(file, "alias@domain: target, target", ": ", "alias")));
    }

    public boolean exists(MailAddress alias) {
        return aliases.current().containsKey(key(alias));
    }

    /** The addresses mail for {@code alias} goes to; empty when it is no alias. */
    public List<MailAddress> targets(MailAddress alias) {
        return parse(key(alias), aliases.current().get(key(alias)));
    }

    /** Where mail for an address of {@code domain} that is no mailbox nor alias goes; empty when the domain has no catch-all. */
    public List<MailAddress> catchAllTargets(Domain domain) {
        return parse(catchAllKey(domain), aliases.current().get(catchAllKey(domain)));
    }

    private List<MailAddress> parse(String key, String targets) {
        if (targets == null) {
            return List.of();
        }
        List<MailAddress> addresses = new ArrayList<>();
        for (String target : targets.split(",")) {
            try {
                addresses.add(InternationalAddresses.parse(target.strip()));
            } catch (AddressException e) {
                LOGGER.warn("Alias {}: '{}' in {} is not a mail address; skipped", key, target.strip(), aliases.file().path());
            }
        }
        return addresses;
    }

    /** The aliases, sorted, each with its targets as written in the file. */
    public Map<String, String> list() {
        return new TreeMap<>(aliases.current());
    }

    /** @throws IllegalArgumentException when the alias exists already, or when one of its targets leads back to it */
    public void add(MailAddress alias, List<MailAddress> targets) throws IOException {
        add(key(alias), "alias " + alias.asString(), targets);
    }

    /** @throws IllegalArgumentException when the domain has a catch-all already, or when one of its targets leads back to it */
    public void addCatchAll(Domain domain, List<MailAddress> targets) throws IOException {
        add(catchAllKey(domain), "catch-all of " + domain.asString(), targets);
    }

    private void add(String key, String name, List<MailAddress> targets) throws IOException {
        String line = String.join(TARGET_SEPARATOR, targets.stream().map(MailAddress::asString).toList());
        aliases.update(entries -> {
            if (entries.putIfAbsent(key, line) != null) {
                throw new IllegalArgumentException(name + " exists already");
            }
            AliasCycles.find(entries, key).ifPresent(cycle -> {
                throw new IllegalArgumentException(name + " would make an alias loop: " + String.join(" -> ", cycle));
            });
            return entries;
        });
    }

    /** @throws IllegalArgumentException when there is no such alias */
    public void remove(MailAddress alias) throws IOException {
        remove(key(alias), "no alias " + alias.asString());
    }

    /** @throws IllegalArgumentException when the domain has no catch-all */
    public void removeCatchAll(Domain domain) throws IOException {
        remove(catchAllKey(domain), "no catch-all for " + domain.asString());
    }

    private void remove(String key, String missing) throws IOException {
        aliases.update(entries -> {
            if (entries.remove(key) == null) {
                throw new IllegalArgumentException(missing);
            }
            return entries;
        });
    }

    private static String key(MailAddress address) {
        return address.asString().toLowerCase(Locale.ROOT);
    }

    private static String catchAllKey(Domain domain) {
        return "@" + domain.asString();
    }
}
