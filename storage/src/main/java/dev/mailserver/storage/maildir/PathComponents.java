package dev.mailserver.storage.maildir;

import java.nio.charset.StandardCharsets;

/** Decides whether a string taken from an address may be used as one directory name under the mail root. */
final class PathComponents {
    /** NAME_MAX on common Linux file systems; a longer name would fail on every retry. */
    private static final int MAX_BYTES = 255;

    private PathComponents() {
    }

    static boolean isSafe(String component) {
        return !component.isEmpty()
                && !component.startsWith(".")
                && component.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES
                && component.chars().noneMatch(c -> c == '/' || c == '\\' || Character.isISOControl(c));
    }
}
