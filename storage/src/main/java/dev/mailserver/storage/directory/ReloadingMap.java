package dev.mailserver.storage.directory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entries of a {@link MapFile} that another process may change at any time (the {@code mailserver}
 * commands do, whether or not the server runs), re-read when the file was replaced: before each read, or
 * in the background, as the {@link DirectoryFiles} that opened it says. If the file cannot be read, the
 * last good version stays in use.
 */
public final class ReloadingMap {
    private static final Logger LOGGER = LoggerFactory.getLogger(ReloadingMap.class);

    private final MapFile file;
    private final boolean checkedOnRead;
    /** What was read last, and the file version it was read from; replaced as a whole, so readers need no lock. */
    private volatile Loaded loaded;
    /** The version that could not be read, said once in the log rather than at every refresh. */
    private volatile Object unreadableVersion;

    ReloadingMap(MapFile file, boolean checkedOnRead) throws IOException {
        this.file = file;
        this.checkedOnRead = checkedOnRead;
        Object version = file.version();
        this.loaded = new Loaded(version, file.read());
    }

    public MapFile file() {
        return file;
    }

    /** The entries as the file has them now (as of the last background refresh, for a server's). */
    public Map<String, String> current() {
        if (checkedOnRead) {
            refresh();
        }
        return loaded.entries();
    }

    /** Changes the file as {@link MapFile#update} does; this map shows the change at once. */
    public void update(UnaryOperator<Map<String, String>> change) throws IOException {
        file.update(change);
        refresh();
    }

    /** Re-reads the file if it was replaced since it was read; only then takes the lock. */
    void refresh() {
        Loaded seen = loaded;
        Object version = null;
        try {
            version = file.version();
            if (!version.equals(seen.version()) && !version.equals(unreadableVersion)) {
                reload(version);
            }
        } catch (IOException | UncheckedIOException e) {
            if (version == null || !version.equals(unreadableVersion)) {
                unreadableVersion = version;
                LOGGER.error("Cannot read {} ({}); keeping the {} entries read before", file.path(), e.getMessage(), seen.entries().size());
            }
        }
    }

    private synchronized void reload(Object version) throws IOException {
        if (!version.equals(loaded.version())) {
            Map<String, String> entries = file.read();
            loaded = new Loaded(version, entries);
            LOGGER.info("{} read: {} entries", file.path(), entries.size());
        }
    }

    private record Loaded(Object version, Map<String, String> entries) {
    }
}
