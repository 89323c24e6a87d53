package dev.mailserver.smtp.chain;

import java.util.List;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.RcptHook;

/**
 * Answers a recipient given twice in one transaction with {@code 250} without adding it again, so
 * that it is stored, and delivered, once.
 */
final class DuplicateRecipientHook implements RcptHook {

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress recipient) {
        List<MailAddress> recipients = session.getAttachment(SMTPSession.RCPT_LIST, State.Transaction).orElse(List.of());
        if (recipients.contains(recipient)) {
            return HookResults.deny("250", "2.1.5 Recipient <" + recipient.asString() + "> OK (given before; kept once)");
        }
        return HookResult.DECLINED;
    }
}
