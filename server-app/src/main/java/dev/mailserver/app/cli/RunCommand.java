package dev.mailserver.app.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import com.typesafe.config.ConfigException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import dev.mailserver.app.MailServer;
import dev.mailserver.app.config.QueuedLogLines;
import dev.mailserver.app.config.ServerConfig;

/** {@code mailserver run}: starts the server in the foreground; SIGTERM or Ctrl-C stops it cleanly. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Start the mail server. Without --config it runs on the embedded defaults (see reference.conf).")
public final class RunCommand implements Callable<Integer> {
    private static final Logger LOGGER = LoggerFactory.getLogger(RunCommand.class);

    @Mixin
    private ConfigOption configOption;

    @Override
    public Integer call() throws InterruptedException {
        ServerConfig config = configOption.load();
        config.logFormat().apply();
        MailServer server;
        try {
            server = MailServer.create(config);
        } catch (RuntimeException e) {
            return startFailed(e);
        }
        // Registered before start, so that a SIGTERM that arrives while the server starts stops it
        // cleanly once started (start and stop are synchronized).
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                // The JVM halts once the shutdown hooks are done, before main() could write them.
                QueuedLogLines.writeAll();
                stopped.countDown();
            }
        }, "shutdown"));
        try {
            server.start();
        } catch (RuntimeException e) {
            return startFailed(e);
        }
        stopped.await();
        return 0;
    }

    /** A configuration the server found wrong while starting (e.g. a missing plugin) is one line and exit 2, like config check. */
    private static int startFailed(RuntimeException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConfigException configFailure) {
                System.err.println("mailserver: bad configuration: " + configFailure.getMessage());
                return CommandFailure.EXIT_BAD_INPUT;
            }
        }
        LOGGER.error("The mail server could not start", e);
        System.err.println("mailserver: could not start: " + rootMessage(e));
        return CommandFailure.EXIT_FAILED;
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
