package dev.mailserver.storage.sieve;

/** A valid script that cannot finish for this message, such as one redirecting it too often: the message is kept instead. */
public final class ScriptFailure extends Exception {
    public ScriptFailure(int line, String reason) {
        super("line " + line + ": " + reason, null, false, false);
    }
}
