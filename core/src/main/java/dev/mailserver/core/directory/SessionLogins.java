package dev.mailserver.core.directory;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

import org.apache.james.core.MailAddress;

/**
 * The password logins of one session of a listener that reads them in its own protocol (POP3, ManageSieve): each is
 * checked with {@link PasswordLogin}, and the session's failures are counted, so that the session ends once it has
 * failed {@code maxFailures} times. Blocks as {@link PasswordLogin} does; a session's commands run one at a time, so
 * not thread-safe.
 */
public final class SessionLogins {
    private final PasswordLogin login;
    private final int maxFailures;
    private int failures;

    public SessionLogins(PasswordLogin login, int maxFailures) {
        this.login = Objects.requireNonNull(login, "login");
        this.maxFailures = maxFailures;
    }

    /**
     * Checks one login.
     *
     * @param user the user name read as a mail address; empty when it is none, and then the login fails
     */
    public Attempt attempt(InetAddress client, String username, Optional<MailAddress> user, String password) throws InterruptedException {
        PasswordLogin.Outcome outcome = login.check(client, username, password);
        if (outcome == PasswordLogin.Outcome.BLOCKED) {
            return new Blocked();
        }
        if (user.isEmpty() || outcome == PasswordLogin.Outcome.REFUSED) {
            failures++;
            return new Refused(failures, failures >= maxFailures);
        }
        return new Accepted(user.get());
    }

    /** What came of a login. */
    public sealed interface Attempt permits Accepted, Refused, Blocked {
    }

    /** The user is logged in. */
    public record Accepted(MailAddress user) implements Attempt {
    }

    /** A wrong user name or password, the session's {@code failures}th; {@code last} when the session is to end now. */
    public record Refused(int failures, boolean last) implements Attempt {
    }

    /** The client failed too often lately (in any session); the password was not looked at. */
    public record Blocked() implements Attempt {
    }
}
