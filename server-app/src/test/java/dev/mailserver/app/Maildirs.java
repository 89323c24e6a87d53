package dev.mailserver.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import dev.mailserver.core.testing.Await;

/** Looks at delivered mail the way a mail reader would: files in a Maildir's new/. */
final class Maildirs {

    private Maildirs() {
    }

    static List<Path> newMessages(Path maildir) throws IOException {
        Path dir = maildir.resolve("new");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    /** Waits (bounded) until the Maildir holds at least {@code count} new messages, and returns them. */
    static List<Path> awaitNewMessages(Path maildir, int count, Duration timeout) throws Exception {
        List<Path> found = Await.value(() -> newMessages(maildir), messages -> messages.size() >= count, timeout);
        if (found.size() < count) {
            throw new AssertionError("expected " + count + " message(s) in " + maildir + " within " + timeout + ", found " + found);
        }
        return found;
    }

    /** The message as stored, minus the Received: header our server put first. */
    static String withoutOurReceivedHeader(String stored) {
        if (!stored.startsWith("Received: ")) {
            throw new AssertionError("no Received: header first in:\n" + stored);
        }
        int end = stored.indexOf("\r\n");
        while (stored.startsWith("\t", end + 2)) {
            end = stored.indexOf("\r\n", end + 2);
        }
        return stored.substring(end + 2);
    }
}
