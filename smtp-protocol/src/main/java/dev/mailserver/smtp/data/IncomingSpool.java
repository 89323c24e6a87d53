package dev.mailserver.smtp.data;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailserver.core.QueueId;

/**
 * The directory where DATA is written while it arrives, so that a message never sits whole in memory.
 * Files here are scratch: a message counts as received only once the mail queue has it. Files left by
 * a crash are swept when the spool is opened.
 */
public final class IncomingSpool {
    private static final Logger LOGGER = LoggerFactory.getLogger(IncomingSpool.class);
    private static final String SUFFIX = ".incoming";

    private final Path directory;

    private IncomingSpool(Path directory) {
        this.directory = directory;
    }

    /** Opens (creating if needed) the directory and deletes what an earlier run left half-received. */
    public static IncomingSpool open(Path directory) throws IOException {
        Files.createDirectories(directory);
        int swept = 0;
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
            for (Path leftover : leftovers) {
                Files.deleteIfExists(leftover);
                swept++;
            }
        }
        if (swept > 0) {
            LOGGER.info("Removed {} half-received message file(s) from {}", swept, directory);
        }
        return new IncomingSpool(directory);
    }

    Path fileFor(QueueId id) {
        return directory.resolve(id.value() + SUFFIX);
    }

    public Path directory() {
        return directory;
    }
}
