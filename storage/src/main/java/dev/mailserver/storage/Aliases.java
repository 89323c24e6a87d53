package dev.mailserver.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailserver.core.InternationalAddresses;

/**
 * Aliases kept in a file of the data directory, {@code alias@domain: target, target} lines, changed with
 * {@code mailserver alias ...}; a running server sees changes at once (see {@link ReloadingMap}). Mail for
 * an alias goes to each of its targets (see {@link AliasExpandingStore}).
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
        return new Aliases(new ReloadingMap(new MapFile(file, "alias@domain: target, target", ": ", "alias")));
    }

    public boolean exists(MailAddress alias) {
        return aliases.current().containsKey(key(alias));
    }

    /** The addresses mail for {@code alias} goes to; empty when it is no alias. */
    public List<MailAddress> targets(MailAddress alias) {
        String targets = aliases.current().get(key(alias));
        if (targets == null) {
            return List.of();
        }
        List<MailAddress> addresses = new ArrayList<>();
        for (String target : targets.split(",")) {
            try {
                addresses.add(InternationalAddresses.parse(target.strip()));
            } catch (AddressException e) {
                LOGGER.warn("Alias {}: '{}' in {} is not a mail address; skipped", alias.asString(), target.strip(), aliases.file().path());
            }
        }
        return addresses;
    }

    /** The aliases, sorted, each with its targets as written in the file. */
    public Map<String, String> list() {
        return new TreeMap<>(aliases.current());
    }

    /** @throws IllegalArgumentException when the alias exists already */
    public void add(MailAddress alias, List<MailAddress> targets) throws IOException {
        String line = String.join(TARGET_SEPARATOR, targets.stream().map(MailAddress::asString).toList());
        aliases.file().update(entries -> {
            if (entries.putIfAbsent(key(alias), line) != null) {
                throw new IllegalArgumentException("alias " + alias.asString() + " exists already");
            }
            return entries;
        });
    }

    /** @throws IllegalArgumentException when there is no such alias */
    public void remove(MailAddress alias) throws IOException {
        aliases.file().update(entries -> {
            if (entries.remove(key(alias)) == null) {
                throw new IllegalArgumentException("no alias " + alias.asString());
            }
            return entries;
        });
    }

    private static String key(MailAddress address) {
        return address.asString().toLowerCase(Locale.ROOT);
    }
}
