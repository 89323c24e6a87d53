package dev.mailserver.app.config;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import dev.mailserver.delivery.RemoteDeliverySettings;

/**
 * The delivery settings in effect, read and checked by {@link DeliveryConfigLoader}.
 *
 * @param onArrival whether local mail is delivered as it arrives (before the 250) rather than queued first
 * @param onArrivalMinConcurrent how many messages must be being received at once for that
 * @param dnsServers the name servers asked for MX and address records; empty for the system's
 * @param local mail for the local domains
 * @param outboundTls MTA-STS, DANE and TLS-RPT settings
 * @param forwarding how mail delivered locally is sent on to other domains (SRS, ARC)
 */
public record DeliveryConfig(int concurrency, int maxReceivedHeaders, boolean onArrival, int onArrivalMinConcurrent,
                             List<InetSocketAddress> dnsServers, Duration dnsTimeout, RemoteDeliverySettings remote,
                             LocalDeliveryConfig local, OutboundTlsConfig outboundTls, ForwardingConfig forwarding) {
}
