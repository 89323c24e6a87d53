package dev.mailserver.core.dns;

import java.util.List;
import java.util.Objects;

/**
 * What a DNS look-up came to.
 *
 * @param records the records found; not empty exactly when the status is {@link Status#FOUND}
 * @param detail why the look-up failed, for logs and bounces; empty when it did not
 */
public record DnsAnswer<T>(Status status, List<T> records, String detail) {

    public enum Status {
        FOUND,
        /** The name exists but has no records of the type asked for. */
        NO_RECORDS,
        /** The name does not exist (NXDOMAIN). */
        NO_SUCH_DOMAIN,
        /** No answer this time (timeout, SERVFAIL...): worth asking again later. */
        TEMPORARY_FAILURE
    }

    public DnsAnswer {
        Objects.requireNonNull(status, "status");
        records = List.copyOf(records);
        Objects.requireNonNull(detail, "detail");
        if (records.isEmpty() == (status == Status.FOUND)) {
            throw new IllegalArgumentException(status + " with " + records.size() + " record(s)");
        }
    }

    /** Found records, or {@link Status#NO_RECORDS} when the list is empty. */
    public static <T> DnsAnswer<T> found(List<T> records) {
        return records.isEmpty() ? noRecords() : new DnsAnswer<>(Status.FOUND, records, "");
    }

    public static <T> DnsAnswer<T> noRecords() {
        return new DnsAnswer<>(Status.NO_RECORDS, List.of(), "");
    }

    public static <T> DnsAnswer<T> noSuchDomain() {
        return new DnsAnswer<>(Status.NO_SUCH_DOMAIN, List.of(), "");
    }

    public static <T> DnsAnswer<T> temporaryFailure(String detail) {
        return new DnsAnswer<>(Status.TEMPORARY_FAILURE, List.of(), detail);
    }
}
