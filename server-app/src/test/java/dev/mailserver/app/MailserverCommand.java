package dev.mailserver.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The {@code mailserver} command run as a user runs it: in its own JVM, with this build's classes. */
final class MailserverCommand {
    private MailserverCommand() {
    }

    static ProcessBuilder processBuilder(String... arguments) {
        return processBuilder(List.of(), arguments);
    }

    /** @param jvmOptions options for the command's JVM, e.g. {@code -Djava.io.tmpdir=...} */
    static ProcessBuilder processBuilder(List<String> jvmOptions, String... arguments) {
        return java(jvmOptions, List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()), arguments);
    }

    /** The command from the executable jar, as {@code packaging/bin/mailserver} runs it. */
    static ProcessBuilder jarProcessBuilder(Path jar, List<String> jvmOptions, String... arguments) {
        return java(jvmOptions, List.of("-jar", jar.toString()), arguments);
    }

    private static ProcessBuilder java(List<String> jvmOptions, List<String> program, String... arguments) {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(), "--enable-native-access=ALL-UNNAMED"));
        command.addAll(jvmOptions);
        command.addAll(program);
        command.addAll(List.of(arguments));
        return new ProcessBuilder(command);
    }

    /** Runs a command to its end, feeding it {@code stdin}; returns its exit code and everything it printed. */
    static Result run(String stdin, Duration timeout, String... arguments) throws IOException, InterruptedException {
        return run(Map.of(), stdin, timeout, arguments);
    }

    /** Runs a command with {@code --config FILE} added after the arguments. */
    static Result runWithConfig(Path configFile, String stdin, Duration timeout, String... arguments) throws IOException, InterruptedException {
        List<String> withConfig = new ArrayList<>(List.of(arguments));
        withConfig.addAll(List.of("--config", configFile.toString()));
        return run(stdin, timeout, withConfig.toArray(String[]::new));
    }

    /** @param environment variables added to the command's environment */
    static Result run(Map<String, String> environment, String stdin, Duration timeout, String... arguments)
            throws IOException, InterruptedException {
        ProcessBuilder builder = processBuilder(arguments).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("mailserver " + String.join(" ", arguments) + " did not finish within " + timeout);
        }
        return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    record Result(int exitCode, String output) {
        /** Asserts that the command failed with this exit code and said each of {@code messages}. */
        void assertFailed(int expectedExitCode, String... messages) {
            assertThat(exitCode).as(output).isEqualTo(expectedExitCode);
            assertThat(output).contains(messages);
        }
    }
}
