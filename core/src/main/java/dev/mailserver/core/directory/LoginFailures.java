package dev.mailserver.core.directory;

import java.net.InetAddress;
import java.time.Duration;

/**
 * Failed logins per client IP address, shared by every listener that takes passwords (SMTP AUTH, POP3),
 * so that guessing is slowed down and then stopped whatever the protocol.
 */
public interface LoginFailures {
    /** Notes a failed login; returns how long to wait before answering it. */
    Duration recordFailure(InetAddress client);

    /** Whether the client has failed too often lately to be let in at all. */
    boolean isBlocked(InetAddress client);
}
