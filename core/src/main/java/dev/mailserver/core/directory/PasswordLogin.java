package dev.mailserver.core.directory;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * A password check for a listener that reads logins in its own protocol (POP3, ManageSieve), with the failed logins
 * that every listener counts: a client that failed too often is not let in, and a wrong password is answered late.
 * Blocks (the password hash, the delay): call it away from network threads.
 */
public final class PasswordLogin {
    public enum Outcome {
        ACCEPTED,
        /** A wrong user name or password, answered after the delay of {@link LoginFailures#recordFailure}. */
        REFUSED,
        /** The client failed too often lately; the password was not looked at. */
        BLOCKED
    }

    /** A user name and password, as a SASL PLAIN response carries them. */
    public record Credentials(String username, String password) {
    }

    private final UserDirectory users;
    private final LoginFailures failures;

    public PasswordLogin(UserDirectory users, LoginFailures failures) {
        this.users = Objects.requireNonNull(users, "users");
        this.failures = Objects.requireNonNull(failures, "failures");
    }

    public Outcome check(InetAddress client, String username, String password) throws InterruptedException {
        if (failures.isBlocked(client)) {
            return Outcome.BLOCKED;
        }
        if (!users.authenticate(username, password)) {
            Thread.sleep(failures.recordFailure(client));
            return Outcome.REFUSED;
        }
        return Outcome.ACCEPTED;
    }

    /**
     * The credentials of a SASL PLAIN response (RFC 4616: base64 of [authzid] NUL authcid NUL passwd); the authzid must be
     * empty or the authcid, as nobody logs in as someone else.
     *
     * @throws IllegalArgumentException saying what is wrong with the response, for the client
     */
    public static Credentials plain(String response) {
        String[] fields;
        try {
            fields = new String(Base64.getDecoder().decode(response), StandardCharsets.UTF_8).split("\0", -1);
        } catch (IllegalArgumentException notBase64) {
            throw new IllegalArgumentException("the response is not base64");
        }
        if (fields.length != 3 || (!fields[0].isEmpty() && !fields[0].equals(fields[1]))) {
            throw new IllegalArgumentException("expected authzid NUL user NUL password, the authzid empty or the user");
        }
        return new Credentials(fields[1], fields[2]);
    }
}
