package dev.mailserver.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The system calls of a process, as {@code strace -f -yy -qq} wrote them (one per line, prefixed with the
 * thread's id), searched in order: where a call started, and where it returned 0 (on its own line, or on
 * the line where strace shows a call that blocked as resumed).
 */
final class SystemCalls {
    /** A call's start: pid, name, and the first argument's path or socket when it is a file descriptor (-yy). */
    private static final Pattern CALL = Pattern.compile("^(\\d+) +(\\w+)\\((?:\\d+<([^>]*)>)?");
    /** A call that blocked, finished later on another line: pid and name. */
    private static final Pattern RESUMED = Pattern.compile("^(\\d+) +<\\.\\.\\. (\\w+) resumed>.*= 0$");

    private final List<String> lines;

    private SystemCalls(List<String> lines) {
        this.lines = lines;
    }

    static SystemCalls read(Path trace) throws IOException {
        return new SystemCalls(Files.readAllLines(trace));
    }

    /** One call as it started: its name, the path of its first argument ("" when that is no descriptor), the whole line. */
    record Call(String name, String path, String line) {
    }

    /** The line where the first call after line {@code after} that is {@code wanted} started; -1 if none. */
    int started(int after, Predicate<Call> wanted) {
        for (int i = after + 1; i < lines.size(); i++) {
            Matcher call = CALL.matcher(lines.get(i));
            if (call.find() && wanted.test(callOf(call, lines.get(i)))) {
                return i;
            }
        }
        return -1;
    }

    /** The line where the first call after line {@code after} that is {@code wanted} returned 0; -1 if none. */
    int succeeded(int after, Predicate<Call> wanted) {
        Map<String, String> pending = new HashMap<>();
        for (int i = after + 1; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher call = CALL.matcher(line);
            Matcher resumed = RESUMED.matcher(line);
            if (call.find() && wanted.test(callOf(call, line))) {
                if (line.endsWith(" = 0")) {
                    return i;
                }
                pending.put(call.group(1), call.group(2));
            } else if (resumed.find() && resumed.group(2).equals(pending.get(resumed.group(1)))) {
                return i;
            }
        }
        return -1;
    }

    private static Call callOf(Matcher call, String line) {
        return new Call(call.group(2), call.group(3) == null ? "" : call.group(3), line);
    }
}
