package dev.mailserver.storage.directory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.apache.james.core.Domain;

/**
 * Local domains kept in a file of the data directory, one a line, added to those of the configuration
 * with {@code mailserver domain add}; a running server sees changes within a moment (see {@link DirectoryFiles}).
 */
public final class LocalDomains {
    private final ReloadingMap domains;

    private LocalDomains(ReloadingMap domains) {
        this.domains = domains;
    }

    /** The domains in {@code file}; a file that does not exist yet means none. */
    public static LocalDomains open(Path file) throws IOException {
        return open(file, DirectoryFiles.checkedOnRead());
    }

    /** As {@link #open(Path)}, kept current as {@code files} says. */
    public static LocalDomains open(Path file, DirectoryFiles files) throws IOException {
        return new LocalDomains(files.open(new MapFile(file, "domain", "", "domain")));
    }

    public boolean contains(Domain domain) {
        return domains.current().containsKey(domain.asString());
    }

    public List<Domain> list() {
        return domains.current().keySet().stream().sorted().map(Domain::of).toList();
    }

    /** @throws IllegalArgumentException when the domain is in the file already */
    public void add(Domain domain) throws IOException {
        domains.update(entries -> {
            if (entries.putIfAbsent(domain.asString(), "") != null) {
                throw new IllegalArgumentException("domain " + domain.asString() + " exists already");
            }
            return entries;
        });
    }

    /** @throws IllegalArgumentException when the domain is not in the file */
    public void remove(Domain domain) throws IOException {
        domains.update(entries -> {
            if (entries.remove(domain.asString()) == null) {
                throw new IllegalArgumentException("no domain " + domain.asString() + " in " + domains.file().path());
            }
            return entries;
        });
    }
}
