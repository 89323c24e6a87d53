package dev.mailserver.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a python3 script, the way users' own tools talk to the server. */
final class Python {
    private static final int TIMEOUT_SECONDS = 60;

    private Python() {
    }

    /** Runs the script with the arguments; returns its exit code and output. */
    static MailserverCommand.Result run(String script, Object... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("python3", "-c", script));
        for (Object argument : arguments) {
            command.add(String.valueOf(argument));
        }
        Process python = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!python.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            python.destroyForcibly();
            throw new AssertionError("python did not finish within " + TIMEOUT_SECONDS + " s");
        }
        return new MailserverCommand.Result(python.exitValue(), new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
