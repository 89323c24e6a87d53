package dev.mailserver.smtp.chain;

import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.MailHook;

import dev.mailserver.core.directory.UserDirectory;

/**
 * The sender rule of submission: MAIL needs a logged-in user ({@code 530 5.7.0}), and the envelope
 * sender must be an address that user owns ({@code 553 5.7.1}), so a user cannot send as someone else.
 */
final class SubmissionSenderRule implements MailHook {
    private final UserDirectory users;

    SubmissionSenderRule(UserDirectory users) {
        this.users = users;
    }

    @Override
    public HookResult doMail(SMTPSession session, MaybeSender sender) {
        if (session.getUsername() == null) {
            return HookResults.deny("530", "5.7.0 Authentication required");
        }
        String user = session.getUsername().asString();
        if (sender.isNullSender() || !users.mayUseSender(user, sender.get())) {
            return HookResults.deny("553", "5.7.1 <" + sender.asString("") + ">: Sender address rejected: not owned by user " + user);
        }
        return HookResult.DECLINED;
    }
}
