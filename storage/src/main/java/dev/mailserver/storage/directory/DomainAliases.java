package dev.mailserver.storage.directory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.apache.james.core.Domain;

/**
 * Domain aliases kept in a file of the data directory, {@code alias-domain: domain} lines, changed with
 * {@code mailserver domain alias ...}: mail for {@code anyone@alias-domain} is mail for {@code anyone@domain}.
 * A running server sees changes within a moment (see {@link DirectoryFiles}).
 */
public final class DomainAliases {
    private final ReloadingMap aliases;

    private DomainAliases(ReloadingMap aliases) {
        this.aliases = aliases;
    }

    /** The domain aliases in {@code file}; a file that does not exist yet means none. */
    public static DomainAliases open(Path file) throws IOException {
        return open(file, DirectoryFiles.checkedOnRead());
    }

    /** As {@link #open(Path)}, kept current as {@code files} says. */
    public static DomainAliases open(Path file, DirectoryFiles files) throws IOException {
        return new DomainAliases(files.open(new MapFile(file, "alias-domain: domain", ": ", "domain alias")));
    }

    /** The domain that {@code domain} is an alias of, if it is one. */
    public Optional<Domain> target(Domain domain) {
        return Optional.ofNullable(aliases.current().get(domain.asString())).map(Domain::of);
    }

    /** The domain aliases, sorted, each with its domain. */
    public Map<String, String> list() {
        return new TreeMap<>(aliases.current());
    }

    /** @throws IllegalArgumentException when the alias domain exists already, or is a domain alias's target */
    public void add(Domain alias, Domain domain) throws IOException {
        aliases.update(entries -> {
            if (alias.equals(domain) || entries.containsKey(domain.asString())) {
                throw new IllegalArgumentException(domain.asString() + " is an alias domain itself; an alias domain points to a real domain");
            }
            if (entries.containsValue(alias.asString())) {
                throw new IllegalArgumentException(alias.asString() + " has alias domains of its own");
            }
            if (entries.putIfAbsent(alias.asString(), domain.asString()) != null) {
                throw new IllegalArgumentException("domain alias " + alias.asString() + " exists already");
            }
            return entries;
        });
    }

    /** @throws IllegalArgumentException when there is no such domain alias */
    public void remove(Domain alias) throws IOException {
        aliases.update(entries -> {
            if (entries.remove(alias.asString()) == null) {
                throw new IllegalArgumentException("no domain alias " + alias.asString());
            }
            return entries;
        });
    }
}
