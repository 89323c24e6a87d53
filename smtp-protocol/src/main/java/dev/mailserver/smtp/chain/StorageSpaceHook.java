package dev.mailserver.smtp.chain;

import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.MailHook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailserver.core.queue.MailQueue;
import dev.mailserver.core.queue.StorageSpace;

/**
 * Refuses MAIL with {@code 452 4.3.1} while the queue's storage is below its reserve, so that a client
 * does not send a whole message only to have it refused at the end of DATA.
 */
final class StorageSpaceHook implements MailHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(StorageSpaceHook.class);
    private static final HookResult NO_ROOM = HookResults.deny("452", "4.3.1 Insufficient system storage, try again later");

    private final MailQueue queue;

    StorageSpaceHook(MailQueue queue) {
        this.queue = queue;
    }

    @Override
    public HookResult doMail(SMTPSession session, MaybeSender sender) {
        StorageSpace space = queue.storageSpace().orElse(null);
        if (space == null || !space.belowReserve()) {
            return HookResult.DECLINED;
        }
        LOGGER.warn("Refused MAIL from [{}]: {} bytes free for the queue, below the reserve of {} (queue.min-free-space)",
            session.getRemoteAddress().getAddress().getHostAddress(), space.usableBytes(), space.reserveBytes());
        return NO_ROOM;
    }
}
