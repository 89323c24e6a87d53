package dev.mailserver.core.queue;

import java.util.Objects;

/**
 * One header field of a queued message as it is stored: {@code value} is unfolded (line breaks inside the
 * field removed) but not decoded, so encoded words ({@code =?UTF-8?...?=}) stay as they are.
 */
public record MessageHeader(String name, String value) {
    public MessageHeader {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }
}
