package dev.mailserver.app.config;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.LoggerContext;

/**
 * The log lines that logback.xml's appender still holds ({@link dev.mailserver.app.logging.BatchedConsoleAppender}).
 * They must be written before the process exits: the appender's thread is a daemon and would die with them.
 */
public final class QueuedLogLines {
    private QueuedLogLines() {
    }

    /** Writes the queued lines (waiting up to a second for them) and stops logging; the last thing before exit. */
    public static void writeAll() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.stop();
        }
    }
}
