package dev.mailserver.smtp.mailauth;

import org.apache.james.protocols.api.Response;

/** What the end-of-DATA authentication step decided for one message. */
public sealed interface AuthenticationVerdict {
    /** For the message's log line, e.g. "spf=pass dkim=pass dmarc=pass". */
    String summary();

    /** Refuse the message with this reply. */
    record Refuse(Response reply, String summary) implements AuthenticationVerdict {
    }

    /**
     * Accept it with {@code head} in place of its first {@code replacedLength} bytes (the header
     * section with Authentication-Results; or signatures put in front, replacing nothing).
     */
    record Restamp(byte[] head, long replacedLength, String summary) implements AuthenticationVerdict {
    }

    /** Accept it as it is. */
    record Unchanged(String summary) implements AuthenticationVerdict {
    }
}
