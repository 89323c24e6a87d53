package dev.mailserver.pop3;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The maildrops that POP3 sessions hold: one session per mailbox at a time (RFC 1939 section 8), whatever its listener. */
final class MailboxLocks {
    private final Set<Path> held = ConcurrentHashMap.newKeySet();

    boolean tryLock(Path mailbox) {
        return held.add(mailbox);
    }

    void unlock(Path mailbox) {
        held.remove(mailbox);
    }
}
