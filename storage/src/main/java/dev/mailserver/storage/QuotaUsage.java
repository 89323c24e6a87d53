package dev.mailserver.storage;

/** What a mailbox holds: bytes and messages, over all its folders. */
record QuotaUsage(long bytes, long messages) {
    static final QuotaUsage EMPTY = new QuotaUsage(0, 0);

    QuotaUsage plus(long moreBytes, long moreMessages) {
        return new QuotaUsage(bytes + moreBytes, messages + moreMessages);
    }
}
