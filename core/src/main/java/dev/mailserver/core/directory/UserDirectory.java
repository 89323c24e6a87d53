package dev.mailserver.core.directory;

import org.apache.james.core.MailAddress;

/**
 * The users who may log in (SMTP AUTH) and submit mail. A user's login name is their mail address.
 */
public interface UserDirectory {

    /**
     * Whether the password is right for this user. Slow on purpose (a memory-hard password hash) and
     * possibly blocking on file reads: call it away from network threads.
     */
    boolean authenticate(String username, String password);

    /** Whether the user may name {@code sender} as the envelope sender of mail they submit. */
    boolean mayUseSender(String username, MailAddress sender);
}
