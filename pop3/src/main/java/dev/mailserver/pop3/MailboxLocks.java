package dev.mailserver.pop3;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The maildrops that a POP3 session holds: one session per mailbox at a time (RFC 1939 section 8). */
final class MailboxLocks {
    private final Set<Path> held = ConcurrentHashMap.newKeySet();

    boolean tryLock(Path mailbox) {
        return held.add(mailbox);
    }

    void unlock(Path mailbox) {
        held.remove(mailbox);
    }
}
