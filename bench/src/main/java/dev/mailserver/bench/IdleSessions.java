package dev.mailserver.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Opens many connections that only read their greeting and stay idle, then times the greeting of one more. */
final class IdleSessions {
    private IdleSessions() {
    }

    static String run(LoadOptions options) {
        List<LoadConnection> open = new ArrayList<>();
        int failed = 0;
        String firstError = "";
        long start = System.nanoTime();
        try {
            for (int i = 0; i < options.idle(); i++) {
                try {
                    open.add(LoadConnection.greeted(options));
                } catch (IOException e) {
                    if (failed++ == 0) {
                        firstError = e.getMessage();
                    }
                }
            }
            double openSeconds = (System.nanoTime() - start) / 1e9;
            long before = System.nanoTime();
            String probe;
            try (LoadConnection extra = LoadConnection.greeted(options)) {
                probe = String.format(Locale.ROOT, "%.3f", (System.nanoTime() - before) / 1e6);
            } catch (IOException e) {
                probe = "failed";
                firstError = firstError.isEmpty() ? e.getMessage() : firstError;
            }
            return String.format(Locale.ROOT, "idle_open=%d idle_failed=%d open_seconds=%.1f new_session_greeting_ms=%s first_error=\"%s\"",
                open.size(), failed, openSeconds, probe, firstError.replace('"', '\''));
        } finally {
            open.forEach(LoadConnection::close);
        }
    }
}
