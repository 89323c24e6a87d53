package dev.mailserver.smtp;

/** How a listener uses TLS. */
public enum TlsMode {
    /** No TLS; not allowed for {@link ListenerRole#SUBMISSION}, where passwords are sent. */
    NONE,
    /** Plain connection, upgraded by the client with STARTTLS (RFC 3207); ports 25 and 587. */
    STARTTLS,
    /** TLS from the first byte (RFC 8314); port 465. */
    IMPLICIT
}
