package dev.mailserver.storage;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maildir file names, unique per host: {@code <seconds>.M<microseconds>P<pid>Q<counter>.<host>,S=<size>}
 * as described at cr.yp.to/proto/maildir.html, with the Maildir++ size suffix.
 */
final class MaildirFileNames {
    private static final Logger LOG = LoggerFactory.getLogger(MaildirFileNames.class);

    // Shared by every instance: uniqueness comes from pid + counter, so the counter must be per process.
    private static final AtomicLong DELIVERIES = new AtomicLong();
    private static final long PID = ProcessHandle.current().pid();

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

    String next(long size) {
        Instant now = Instant.now();
        return now.getEpochSecond() + ".M" + now.getNano() / 1_000 + "P" + PID + "Q" + DELIVERIES.incrementAndGet()
                + "." + escapedHost + ",S=" + size;
    }

    /** '/' cannot appear in a file name and ':' starts the Maildir info suffix. */
    static String escapeHostName(String hostName) {
        return hostName.replace("/", "\\057").replace(":", "\\072");
    }
}
