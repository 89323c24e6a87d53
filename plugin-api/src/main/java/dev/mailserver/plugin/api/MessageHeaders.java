package dev.mailserver.plugin.api;

import java.util.List;
import java.util.Optional;

/**
 * The header section of a message as received, given to {@link AsyncSmtpHook#onHeaders}. Headers added
 * with {@link #add} are written at the end of the header section once the hooks are done.
 */
public interface MessageHeaders {
    /** One header field, unfolded (continuation lines joined with their leading white space). */
    record Header(String name, String value) {
    }

    /** All header fields in order, not including those added by hooks. */
    List<Header> all();

    /** The value of the first field of this name (case-insensitive). */
    default Optional<String> first(String name) {
        return all().stream().filter(header -> header.name().equalsIgnoreCase(name)).map(Header::value).findFirst();
    }

    /** The values of all fields of this name (case-insensitive), in order. */
    default List<String> all(String name) {
        return all().stream().filter(header -> header.name().equalsIgnoreCase(name)).map(Header::value).toList();
    }

    /** The size of the header section in bytes, line ends included. */
    long size();

    /**
     * Adds a header field at the end of the header section. The name must be a valid field name and
     * the value must be printable US-ASCII without line breaks (a long value is not folded).
     */
    void add(String name, String value);
}
