package dev.mailserver.app.config;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;

import dev.mailserver.app.logging.BatchedConsoleAppender;

/** How the server writes its log lines ({@code mailserver.log.format}). */
public enum LogFormat {
    /** Lines for people, as logback.xml writes them. */
    TEXT,
    /** One JSON object a line (logback's JsonEncoder: time, level, thread, logger, MDC, formatted message, throwable), for log collectors. */
    JSON;

    private static final String CONSOLE_APPENDER = "CONSOLE";

    /** Switches the console appender of logback.xml to this format; the server calls it once the configuration is read. */
    public void apply() {
        if (this == TEXT || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        if (root.getAppender(CONSOLE_APPENDER) instanceof BatchedConsoleAppender console) {
            JsonEncoder encoder = new JsonEncoder();
            encoder.setContext(context);
            encoder.setWithFormattedMessage(true);
            encoder.setWithMessage(false);
            encoder.setWithArguments(false);
            encoder.setWithContext(false);
            encoder.setWithSequenceNumber(false);
            encoder.setWithNanoseconds(false);
            encoder.start();
            console.stop();
            console.setEncoder(encoder);
            console.start();
        }
    }
}
