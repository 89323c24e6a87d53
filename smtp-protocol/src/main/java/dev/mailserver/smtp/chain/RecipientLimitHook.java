package dev.mailserver.smtp.chain;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.RcptHook;

/**
 * Limits the RCPT commands of one mail transaction; every command counts, a repeated recipient too,
 * so that repeating one address cannot get round the limit. The first command over it, and each
 * after, gets {@code 452 4.5.3} (RFC 5321 4.5.3.1.10: the client may send the rest in another message).
 */
final class RecipientLimitHook implements RcptHook {
    private static final AttachmentKey<Integer> RCPT_COMMANDS = AttachmentKey.of("rcptCommands", Integer.class);
    private static final HookResult TOO_MANY = HookResults.deny("452", "4.5.3 Too many recipients");

    private final int maxRecipients;

    RecipientLimitHook(int maxRecipients) {
        this.maxRecipients = maxRecipients;
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress recipient) {
        int commands = session.getAttachment(RCPT_COMMANDS, State.Transaction).orElse(0) + 1;
        session.setAttachment(RCPT_COMMANDS, commands, State.Transaction);
        return commands > maxRecipients ? TOO_MANY : HookResult.DECLINED;
    }
}
