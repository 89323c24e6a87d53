package dev.mailserver.core.mime;

/**
 * The header field the receiving side puts on a message that a policy holds as suspicious (DMARC
 * {@code p=quarantine}); local delivery files such mail into the recipient's Junk folder. The receiver
 * removes any such field a message arrives with before it decides.
 */
public final class QuarantineHeader {
    public static final String NAME = "X-Mailserver-Quarantine";

    private QuarantineHeader() {
    }
}
