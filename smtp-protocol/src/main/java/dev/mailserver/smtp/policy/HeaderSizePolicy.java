package dev.mailserver.smtp.policy;

import dev.mailserver.plugin.api.HookDecision;
import dev.mailserver.plugin.api.MessageHeaders;
import dev.mailserver.plugin.api.SessionInfo;
import dev.mailserver.plugin.api.SmtpHook;

/** Refuses a message whose header section is larger than a limit, with {@code 554 5.6.0} at the end of DATA. */
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
