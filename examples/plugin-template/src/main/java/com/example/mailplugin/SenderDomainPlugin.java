package com.example.mailplugin;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.mailserver.plugin.api.AsyncSmtpHook;
import dev.mailserver.plugin.api.HookDecision;
import dev.mailserver.plugin.api.MessageHeaders;
import dev.mailserver.plugin.api.PluginContext;
import dev.mailserver.plugin.api.SessionInfo;
import dev.mailserver.plugin.api.SmtpHook;
import dev.mailserver.plugin.api.SmtpPlugin;

/**
 * A template plugin: refuses mail from the domains in {@code settings.blocked-domains} and adds the
 * header {@code settings.header} (default {@code X-Sender-Domain-Check}) to every message it lets through.
 *
 * <pre>
 * mailserver.plugins.sender-domain {
 *   roles = [mta]
 *   settings { blocked-domains = ["spam.example"], header = "X-Checked" }
 * }
 * </pre>
 */
public final class SenderDomainPlugin implements SmtpPlugin {
    @Override
    public String name() {
        return "sender-domain";
    }

    @Override
    public AsyncSmtpHook createHook(PluginContext context) {
        List<String> blocked = context.settings().getStringList("blocked-domains", List.of()).stream()
            .map(domain -> domain.toLowerCase(Locale.ROOT)).toList();
        String header = context.settings().getString("header", "X-Sender-Domain-Check");
        return new SmtpHook() {
            @Override
            public HookDecision checkMail(SessionInfo session, String sender, Map<String, String> parameters) {
                String domain = sender.substring(sender.indexOf('@') + 1).toLowerCase(Locale.ROOT);
                if (blocked.contains(domain)) {
                    return HookDecision.reject(550, "5.7.1", "Mail from " + domain + " is not accepted here");
                }
                return HookDecision.proceed();
            }

            @Override
            public HookDecision checkHeaders(SessionInfo session, MessageHeaders headers) {
                headers.add(header, "passed on " + context.listenerName());
                return HookDecision.proceed();
            }
        };
    }
}
