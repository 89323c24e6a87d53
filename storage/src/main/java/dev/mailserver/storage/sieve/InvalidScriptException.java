package dev.mailserver.storage.sieve;

/** A Sieve script that cannot run: a syntax error, an unknown command or capability, a wrong argument; with its line. */
public final class InvalidScriptException extends Exception {
    private final int line;
    private final String reason;

    public InvalidScriptException(int line, String reason) {
        super("line " + line + ": " + reason, null, false, false);
        this.line = line;
        this.reason = reason;
    }

    public int line() {
        return line;
    }

    public String reason() {
        return reason;
    }
}
