package dev.mailserver.storage.maildir;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailserver.core.mailbox.LocalDelivery;

/**
 * Maildir file names made from the queued message: {@code <arrival seconds>.Q<queue id>.<host>,S=<size>}
 * (the {@code time.unique.host} of cr.yp.to/proto/maildir.html with the Maildir++ size suffix). A queue id
 * is unique, and a message is stored at most once per mailbox, so the name is unique in the mailbox; and a
 * repeated delivery of the message can find the copy an earlier attempt made by its queue id, whatever
 * a mail reader has appended to it since ({@code :2,S}, {@code ,W=}) and whichever arrival time the attempt
 * had (a delivery on arrival stores some copies a moment before the queue takes the message for the rest).
 */
final class MaildirFileNames {
    private static final Logger LOG = LoggerFactory.getLogger(MaildirFileNames.class);

    private final String escapedHost;

    MaildirFileNames(String hostName) {
        this.escapedHost = escapeHostName(hostName);
    }

    static MaildirFileNames forLocalHost() {
        try {
            return new MaildirFileNames(InetAddress.getLocalHost().getHostName());
        } catch (UnknownHostException e) {
            LOG.warn("Cannot determine the local host name, Maildir file names will use 'localhost'", e);
            return new MaildirFileNames("localhost");
        }
    }

    String name(LocalDelivery delivery, long size) {
        return delivery.arrivedAt().getEpochSecond() + queueIdPart(delivery) + escapedHost + ",S=" + size;
    }

    /** The name of the quota warning that this delivery causes, distinct from the delivery's own. */
    String warningName(LocalDelivery delivery, long size) {
        return delivery.arrivedAt().getEpochSecond() + ".Q" + delivery.queueId().value() + "W." + escapedHost + ",S=" + size;
    }

    /** What every name given to a delivery of this message contains, on any host (a quota warning's does not). */
    static String queueIdPart(LocalDelivery delivery) {
        return ".Q" + delivery.queueId().value() + ".";
    }

    /** '/' cannot appear in a file name and ':' starts the Maildir info suffix. */
    static String escapeHostName(String hostName) {
        return hostName.replace("/", "\\057").replace(":", "\\072");
    }
}
