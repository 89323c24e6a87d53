package dev.mailserver.smtp.policy;

import java.time.Instant;
import java.util.Optional;

/** Where greylisting keeps its triplets. Implementations may block (disk); callers run them off the IO thread. */
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
