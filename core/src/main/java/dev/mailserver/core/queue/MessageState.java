package dev.mailserver.core.queue;

/** Where a queued message stands as a whole, as an administrator sees it (Postfix's queue names in brackets). */
public enum MessageState {
    /** Not tried yet ("incoming"). */
    QUEUED,
    /** A delivery attempt is under way ("active"). */
    ACTIVE,
    /** Tried at least once; waits for its next attempt ("deferred"). */
    DEFERRED,
    /** Put on hold by an administrator: never tried until released ("hold"). */
    HELD
}
