package dev.mailserver.app;

/** Ends a command with a message for the user and an exit code; see {@link FailureReporter}. */
final class CommandFailure extends RuntimeException {
    /** The command could not do its job: e.g. the user exists already, the server is unreachable. */
    static final int EXIT_FAILED = 1;
    /** The command was given something wrong: a bad configuration, address or argument. */
    static final int EXIT_BAD_INPUT = 2;

    private final int exitCode;

    private CommandFailure(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    static CommandFailure failed(String message) {
        return new CommandFailure(EXIT_FAILED, message);
    }

    static CommandFailure badInput(String message) {
        return new CommandFailure(EXIT_BAD_INPUT, message);
    }

    int exitCode() {
        return exitCode;
    }
}
