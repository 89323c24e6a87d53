package dev.mailserver.core;

/** The {@code RET} parameter of MAIL FROM (RFC 3461 section 4.3): what a failure notice returns. */
public enum DsnReturn {
    /** The whole message. */
    FULL,
    /** The headers only. */
    HDRS
}
