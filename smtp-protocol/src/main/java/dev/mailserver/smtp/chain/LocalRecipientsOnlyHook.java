package dev.mailserver.smtp.chain;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.RcptHook;

import dev.mailserver.core.directory.RecipientDirectory;

/**
 * The recipient rule of a server that takes mail for its own domains: a recipient is accepted only
 * when it is an existing local mailbox, unless the session may relay. Everything else is refused
 * here, explicitly, rather than left to fall through to the library's default acceptance.
 */
final class LocalRecipientsOnlyHook implements RcptHook {
    private static final HookResult RELAY_DENIED = HookResults.deny("550", "5.7.1 Relaying denied: this server only accepts mail for its own domains");

    private final RecipientDirectory directory;

    LocalRecipientsOnlyHook(RecipientDirectory directory) {
        this.directory = directory;
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress recipient) {
        if (!directory.isLocalDomain(recipient.getDomain())) {
            return session.isRelayingAllowed() ? HookResult.OK : RELAY_DENIED;
        }
        if (directory.hasMailbox(recipient)) {
            return directory.isKnownFull(recipient)
                ? HookResults.denySoft("452", "4.2.2 <" + recipient.asString() + ">: Recipient address rejected: mailbox full")
                : HookResult.OK;
        }
        return HookResults.deny("550", "5.1.1 <" + recipient.asString() + ">: Recipient address rejected: no such user here");
    }
}
