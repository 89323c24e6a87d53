package dev.mailserver.delivery;

/** Whether an SMTP client connection uses STARTTLS. */
public enum TlsPolicy {
    /** Never: plain text even when the server offers STARTTLS. */
    NONE,
    /**
     * When the server offers STARTTLS, without checking its certificate (like Postfix's {@code may}):
     * protects against eavesdropping, not against an active attacker; most MX hosts need this.
     */
    OPPORTUNISTIC,
    /**
     * Always, with a certificate that is trusted and names the host; a server without STARTTLS or with a
     * bad certificate gets no mail (it is deferred).
     */
    REQUIRED
}
