package dev.mailserver.storage.quota;

/** What a mailbox holds: bytes and messages, over all its folders. */
public record QuotaUsage(long bytes, long messages) {
    public static final QuotaUsage EMPTY = new QuotaUsage(0, 0);

    public QuotaUsage plus(long moreBytes, long moreMessages) {
        return new QuotaUsage(bytes + moreBytes, messages + moreMessages);
    }
}
