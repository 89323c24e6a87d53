package dev.mailserver.smtp.extension;

import java.util.ArrayList;
import java.util.List;

import org.apache.james.protocols.api.handler.ProtocolHandler;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.esmtp.EhloExtension;

/** The EHLO keywords of the extensions in this package. */
public final class EsmtpKeywords implements EhloExtension, ProtocolHandler {

    @Override
    public List<String> getImplementedEsmtpFeatures(SMTPSession session) {
        List<String> keywords = new ArrayList<>();
        keywords.add("DSN");
        return keywords;
    }
}
