package dev.mailserver.smtp;

/** What a listener is for; the role decides its rules (see DESIGN.md, "Roles"). */
public enum ListenerRole {
    /**
     * Mail from other servers (port 25): recipients in the local domains only, no AUTH, never a relay.
     */
    MTA,
    /**
     * Mail from our own users (RFC 6409, ports 587 and 465): AUTH over TLS first, then the sender must be
     * the user's own address and any recipient may be relayed; Message-ID and Date are added when missing.
     */
    SUBMISSION
}
