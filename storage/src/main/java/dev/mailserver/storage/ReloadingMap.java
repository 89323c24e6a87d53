package dev.mailserver.storage;

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
final class ReloadingMap {
    private static final Logger LOGGER = LoggerFactory.getLogger(ReloadingMap.class);

    private final MapFile file;
    private Object loadedVersion;
    private Map<String, String> entries;

    /** @throws IOException when the file exists but cannot be read */
    ReloadingMap(MapFile file) throws IOException {
        this.file = file;
        this.loadedVersion = file.version();
        this.entries = file.read();
    }

    MapFile file() {
        return file;
    }

    synchronized Map<String, String> current() {
        try {
            Object version = file.version();
            if (!version.equals(loadedVersion)) {
                entries = file.read();
                loadedVersion = version;
                LOGGER.info("{} read: {} entries", file.path(), entries.size());
            }
        } catch (IOException | UncheckedIOException e) {
            LOGGER.error("Cannot read {}; keeping the {} entries read before", file.path(), entries.size(), e);
        }
        return entries;
    }
}
