package dev.mailserver.core.policy;

import java.time.Instant;
import java.util.Optional;

/**
 * Where greylisting keeps its triplets, so that the SMTP side need not know the storage. Implementations
 * may block (disk); callers run them off the IO thread. Implementations forget entries some time after their
 * lifetime, so that the store does not grow without end.
 */
public interface GreylistStore {

    /**
     * @param firstSeen when the triplet was first seen, or, once passed, when it passed
     * @param passed whether a retry has come through
     */
    record Entry(Instant firstSeen, boolean passed) {
    }

    Optional<Entry> find(String triplet);

    void save(String triplet, Entry entry);
}
