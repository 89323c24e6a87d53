package dev.mailserver.app.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

import picocli.CommandLine.Option;

/** A password from {@code --password}, or else from the first line of standard input. */
public final class PasswordOption {
    @Option(names = "--password", paramLabel = "PASSWORD",
        description = "the password (visible to other local users in the process list; prefer standard input)")
    private String password;

    /** @throws CommandFailure when none is given */
    public String read() throws IOException {
        String secret = password != null ? password
            : new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (secret == null || secret.isEmpty()) {
            throw CommandFailure.badInput("no password given (use --password or standard input)");
        }
        return secret;
    }
}
