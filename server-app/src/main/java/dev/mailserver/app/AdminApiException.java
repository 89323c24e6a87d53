package dev.mailserver.app;

/** The admin API could not do what a command asked; {@link #exitCode()} is the command's exit code. */
final class AdminApiException extends Exception {
    static final int EXIT_FAILED = 1;
    static final int EXIT_BAD_USAGE = 2;

    private final int exitCode;

    AdminApiException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
