package dev.mailserver.smtp.policy;

import java.util.regex.Pattern;

import dev.mailserver.plugin.api.HookDecision;
import dev.mailserver.plugin.api.SessionInfo;
import dev.mailserver.plugin.api.SmtpHook;

/**
 * HELO/EHLO checks in the manner of James's fast-fail handlers, without DNS: the name must be a
 * syntactically valid domain or address literal ({@code 501 5.5.2}) and, if {@code requireFqdn}, a
 * fully qualified domain name with a dot, or an address literal ({@code 504 5.5.2}). Runs from memory,
 * so it is safe on the IO thread.
 */
public final class HeloPolicy implements SmtpHook {
    private static final Pattern DOMAIN = Pattern.compile("(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\\.?");
    private static final Pattern ADDRESS_LITERAL = Pattern.compile("\\[(\\d{1,3}(\\.\\d{1,3}){3}|IPv6:[0-9a-fA-F:.]+)\\]");

    private final boolean requireFqdn;

    /** @param requireFqdn whether a name without a dot (e.g. {@code localhost}) is refused */
    public HeloPolicy(boolean requireFqdn) {
        this.requireFqdn = requireFqdn;
    }

    @Override
    public HookDecision checkHelo(SessionInfo session, String heloName) {
        if (ADDRESS_LITERAL.matcher(heloName).matches()) {
            return HookDecision.proceed();
        }
        if (heloName.length() > 255 || !DOMAIN.matcher(heloName).matches()) {
            return HookDecision.reject(501, "5.5.2", "Invalid HELO/EHLO name");
        }
        if (requireFqdn && !heloName.replaceAll("\\.$", "").contains(".")) {
            return HookDecision.reject(504, "5.5.2", "HELO/EHLO name must be a fully qualified domain name");
        }
        return HookDecision.proceed();
    }
}
