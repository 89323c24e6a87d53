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

    /** The message as stored, minus the trace fields of final delivery and the Received: header our server put first. */
    static String withoutOurReceivedHeader(String stored) {
        String received = withoutDeliveryTraceFields(stored);
        if (!received.startsWith("Received: ")) {
            throw new AssertionError("no Received: header below the trace fields in:\n" + stored);
        }
        int end = received.indexOf("\r\n");
        while (received.startsWith("\t", end + 2)) {
            end = received.indexOf("\r\n", end + 2);
        }
        return received.substring(end + 2);
    }

    /** The message as stored, minus the Return-Path: and Delivered-To: lines that local delivery put first. */
    static String withoutDeliveryTraceFields(String stored) {
        String[] lines = stored.split("\r\n", 3);
        if (lines.length < 3 || !lines[0].startsWith("Return-Path: <") || !lines[1].startsWith("Delivered-To: ")) {
            throw new AssertionError("no Return-Path: and Delivered-To: first in:\n" + stored);
        }
        return lines[2];
    }
}
