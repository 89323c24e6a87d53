package dev.mailserver.app.cli;

import java.io.IOException;

/** Ends a command with a message for the user and an exit code; see {@link FailureReporter}. */
public final class CommandFailure extends RuntimeException {
    /** The command could not do its job: e.g. the user exists already, the server is unreachable. */
    static final int EXIT_FAILED = 1;
    /** The command was given something wrong: a bad configuration, address or argument. */
    static final int EXIT_BAD_INPUT = 2;

    /** Try again later (sysexits' EX_TEMPFAIL), e.g. the maildrop is not ready; what sendmail's callers expect. */
    static final int EXIT_TEMPORARY = 75;

    private final int exitCode;

    private CommandFailure(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    public static CommandFailure failed(String message) {
        return new CommandFailure(EXIT_FAILED, message);
    }

    public static CommandFailure badInput(String message) {
        return new CommandFailure(EXIT_BAD_INPUT, message);
    }

    public static CommandFailure temporary(String message) {
        return new CommandFailure(EXIT_TEMPORARY, message);
    }

    /** A change of a directory file (users, domains, aliases). */
    public interface FileChange {
        void apply() throws IOException;
    }

    /** Applies the change; its refusal (an {@link IllegalArgumentException}, e.g. "exists already") fails the command. */
    public static void unlessRefused(FileChange change) throws IOException {
        try {
            change.apply();
        } catch (IllegalArgumentException e) {
            throw failed(e.getMessage());
        }
    }

    int exitCode() {
        return exitCode;
    }
}
