package dev.mailserver.core.queue;

/** Where one recipient of a queued message stands. */
public enum RecipientStatus {
    /** Not yet delivered; will be tried at the message's next attempt. */
    PENDING,
    /** Delivered; never tried again. */
    DELIVERED,
    /** Failed for good (permanent failure or expiry); never tried again. */
    FAILED;

    public boolean isFinal() {
        return this != PENDING;
    }
}
