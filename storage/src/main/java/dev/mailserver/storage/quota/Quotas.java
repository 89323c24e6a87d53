package dev.mailserver.storage.quota;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailserver.storage.directory.DirectoryFiles;
import dev.mailserver.storage.directory.MapFile;
import dev.mailserver.storage.directory.ReloadingMap;

/**
 * Quota limits kept in a file of the data directory: {@code user@domain: <size> <messages>} lines for a user and
 * {@code @domain: <size> <messages>} for the default of a domain's users, changed with {@code mailserver quota ...};
 * a running server sees changes within a moment (see {@link DirectoryFiles}). A mailbox without either has the
 * configured default.
 */
public final class Quotas {
    private static final Logger LOGGER = LoggerFactory.getLogger(Quotas.class);

    private final ReloadingMap limits;
    private final QuotaLimits defaults;

    private Quotas(ReloadingMap limits, QuotaLimits defaults) {
        this.limits = limits;
        this.defaults = defaults;
    }

    /** The limits in {@code file}; a file that does not exist yet means {@code defaults} for everyone. */
    public static Quotas open(Path file, QuotaLimits defaults) throws IOException {
        return open(file, defaults, DirectoryFiles.checkedOnRead());
    }

    /** As {@link #open(Path, QuotaLimits)}, kept current as {@code files} says. */
    public static Quotas open(Path file, QuotaLimits defaults, DirectoryFiles files) throws IOException {
        return new Quotas(files.open(new MapFile(file, "user@domain or @domain: <size> <messages>", ": ", "quota")), defaults);
    }

    /** The limits of a mailbox: its own, else its domain's, else the default. */
    public QuotaLimits of(MailAddress mailbox) {
        Map<String, String> current = limits.current();
        String line = current.get(mailbox.asString().toLowerCase(Locale.ROOT));
        if (line == null) {
            line = current.get(domainKey(mailbox.getDomain()));
        }
        if (line == null) {
            return defaults;
        }
        try {
            return QuotaLimits.parse(line);
        } catch (IllegalArgumentException e) {
            LOGGER.warn("Quota of {} in {}: {}; the default applies", mailbox.asString(), limits.file().path(), e.getMessage());
            return defaults;
        }
    }

    /** The limits written in the file, sorted by key. */
    public Map<String, String> list() {
        return new TreeMap<>(limits.current());
    }

    /** Sets the limits of a user ({@code user@domain}) or of a domain's users ({@code @domain}), replacing earlier ones. */
    public void set(String key, QuotaLimits quota) throws IOException {
        String normalized = normalize(key);
        limits.update(entries -> {
            entries.put(normalized, quota.toString());
            return entries;
        });
    }

    /** @throws IllegalArgumentException when the key has no limits of its own */
    public void remove(String key) throws IOException {
        String normalized = normalize(key);
        limits.update(entries -> {
            if (entries.remove(normalized) == null) {
                throw new IllegalArgumentException("no quota for " + normalized);
            }
            return entries;
        });
    }

    private static String normalize(String key) {
        return key.startsWith("@") ? domainKey(Domain.of(key.substring(1))) : key.toLowerCase(Locale.ROOT);
    }

    private static String domainKey(Domain domain) {
        return "@" + domain.asString();
    }
}
