package dev.mailserver.app.config;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import dev.mailserver.smtp.ListenerRole;

/**
 * The built-in policy checks in effect ({@code mailserver.policy}); a check whose role set is empty is
 * off.
 */
public record PolicyConfig(Set<ListenerRole> heloRoles, boolean heloRequireFqdn,
                           Set<ListenerRole> headerSizeRoles, int maxHeaderSize,
                           Set<ListenerRole> rateLimitRoles, int messagesPerClient, int messagesPerUser, Duration rateWindow,
                           Set<ListenerRole> dnsblRoles, List<String> dnsblZones,
                           Set<ListenerRole> senderDomainRoles,
                           Set<ListenerRole> greylistingRoles, Duration greylistDelay, Duration greylistRetryWindow,
                           Duration greylistPassedLifetime) {
}
