package dev.mailserver.smtp.chain;

import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.RcptHook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailserver.core.directory.RecipientDirectory;
import dev.mailserver.smtp.TrustedNetworks;

/**
 * The recipient rule of a server that takes mail for its own domains: a recipient is acceptable only
 * when it is an existing local mailbox, unless the session may relay (after AUTH, or from a trusted
 * network: the log says which). Everything else is refused here, explicitly. An acceptable recipient is
 * DECLINED, not accepted, so that the policy hooks and plugins after this rule still decide on it: the
 * server's own rules come first, so that a greylist never answers 451 to a relay attempt or an unknown
 * user, nor stores a triplet for one.
 */
final class LocalRecipientsOnlyHook implements RcptHook {
    private static final HookResult RELAY_DENIED = HookResults.deny("550", "5.7.1 Relaying denied: this server only accepts mail for its own domains");

    private static final Logger LOGGER = LoggerFactory.getLogger(LocalRecipientsOnlyHook.class);

    private final RecipientDirectory directory;
    private final TrustedNetworks trusted;

    LocalRecipientsOnlyHook(RecipientDirectory directory, TrustedNetworks trusted) {
        this.directory = directory;
        this.trusted = trusted;
    }

    /** Whether this rule refuses the recipient (or the server refuses RCPT before it: no MAIL yet, a bad address). */
    boolean refuses(SMTPSession session, String recipient) {
        if (session.getAttachment(SMTPSession.SENDER, ProtocolSession.State.Transaction).isEmpty()) {
            return true;
        }
        MailAddress address;
        try {
            address = new MailAddress(recipient);
        } catch (AddressException e) {
            return true;
        }
        return directory.isLocalDomain(address.getDomain()) ? !directory.hasMailbox(address) : !session.isRelayingAllowed();
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress recipient) {
        if (!directory.isLocalDomain(recipient.getDomain())) {
            if (!session.isRelayingAllowed()) {
                return RELAY_DENIED;
            }
            logRelay(session, recipient);
            return HookResult.DECLINED;
        }
        if (directory.hasMailbox(recipient)) {
            return directory.isKnownFull(recipient)
                ? HookResults.denySoft("452", "4.2.2 <" + recipient.asString() + ">: Recipient address rejected: mailbox full")
                : HookResult.DECLINED;
        }
        return HookResults.deny("550", "5.1.1 <" + recipient.asString() + ">: Recipient address rejected: no such user here");
    }

    private void logRelay(SMTPSession session, MailAddress recipient) {
        String client = session.getRemoteAddress().getAddress().getHostAddress();
        String rule = session.getUsername() != null ? "authenticated as " + session.getUsername().asString()
            : trusted.networkOf(session.getRemoteAddress().getAddress()).map(network -> "trusted network " + network)
                .orElse("relaying allowed");
        LOGGER.info("Relay to <{}> allowed for [{}]: {}", recipient.asString(), client, rule);
    }
}
