package dev.mailserver.app.cli;

/** The admin API could not do what a command asked; {@link #exitCode()} is the command's exit code. */
public final class AdminApiException extends Exception {
    static final int EXIT_FAILED = 1;
    public static final int EXIT_BAD_USAGE = 2;

    private final int exitCode;

    public AdminApiException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
