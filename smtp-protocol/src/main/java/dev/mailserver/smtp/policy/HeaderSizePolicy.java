package dev.mailserver.smtp.policy;

import dev.mailserver.smtp.api.HookDecision;
import dev.mailserver.smtp.api.MessageHeaders;
import dev.mailserver.smtp.api.SessionInfo;
import dev.mailserver.smtp.api.SmtpHook;

/** Refuses a message whose header section is larger than a limit, with {@code 552 5.3.4} at the end of DATA. */
public final class HeaderSizePolicy implements SmtpHook {
    private final long maxHeaderBytes;

    public HeaderSizePolicy(long maxHeaderBytes) {
        if (maxHeaderBytes <= 0) {
            throw new IllegalArgumentException("maxHeaderBytes must be positive");
        }
        this.maxHeaderBytes = maxHeaderBytes;
    }

    @Override
    public HookDecision checkHeaders(SessionInfo session, MessageHeaders headers) {
        return headers.size() > maxHeaderBytes
            ? HookDecision.reject(554, "5.6.0", "Message header section exceeds " + maxHeaderBytes + " bytes")
            : HookDecision.proceed();
    }
}
