package dev.mailserver.storage.directory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entries of a {@link MapFile} that another process may change at any time (the {@code mailserver}
 * commands do, whether or not the server runs): every read first checks whether the file was replaced
 * and re-reads it then. If the file cannot be read, the last good version stays in use.
 */
public final class ReloadingMap {
    private static final Logger LOGGER = LoggerFactory.getLogger(ReloadingMap.class);

    private final MapFile file;
    /** What was read last, and the file version it was read from; replaced as a whole, so readers need no lock. */
    private volatile Loaded loaded;

    /** @throws IOException when the file exists but cannot be read */
    public ReloadingMap(MapFile file) throws IOException {
        this.file = file;
        Object version = file.version();
        this.loaded = new Loaded(version, file.read());
    }

    public MapFile file() {
        return file;
    }

    /** The entries as the file has them now. Only a reader that sees a new version takes the lock, to re-read it. */
    public Map<String, String> current() {
        Loaded seen = loaded;
        try {
            Object version = file.version();
            return version.equals(seen.version()) ? seen.entries() : reload(version);
        } catch (IOException | UncheckedIOException e) {
            LOGGER.error("Cannot read {}; keeping the {} entries read before", file.path(), seen.entries().size(), e);
            return seen.entries();
        }
    }

    private synchronized Map<String, String> reload(Object version) throws IOException {
        if (!version.equals(loaded.version())) {
            Map<String, String> entries = file.read();
            loaded = new Loaded(version, entries);
            LOGGER.info("{} read: {} entries", file.path(), entries.size());
        }
        return loaded.entries();
    }

    private record Loaded(Object version, Map<String, String> entries) {
    }
}
