package dev.mailserver.smtp.extension;

import java.util.ArrayList;
import java.util.List;

import org.apache.james.protocols.api.handler.ProtocolHandler;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.esmtp.EhloExtension;

import dev.mailserver.smtp.SessionLimits;
import dev.mailserver.smtp.server.SmtpSession;

/**
 * The EHLO keywords of our extensions: {@code DSN}, {@code CHUNKING} (BDAT, RFC 3030; not {@code BINARYMIME}),
 * {@code SMTPUTF8} (RFC 6531), {@code REQUIRETLS} once TLS is up (RFC 8689),
 * and {@code LIMITS} (RFC 9422) with our
 * recipient limit as {@code RCPTMAX} and our per-session transaction limit as {@code MAILMAX}.
 */
public final class EsmtpKeywords implements EhloExtension, ProtocolHandler {
    private final SessionLimits limits;

    public EsmtpKeywords(SessionLimits limits) {
        this.limits = limits;
    }

    @Override
    public List<String> getImplementedEsmtpFeatures(SMTPSession session) {
        List<String> keywords = new ArrayList<>();
        keywords.add("DSN");
        keywords.add("CHUNKING");
        keywords.add("SMTPUTF8");
        if (((SmtpSession) session).flow().isTlsEstablished()) {
            keywords.add("REQUIRETLS");
        }
        keywords.add("LIMITS RCPTMAX=" + limits.maxRecipients() + " MAILMAX=" + limits.maxTransactions());
        return keywords;
    }
}
