package dev.mailserver.smtp.server;

import java.util.Optional;

import org.apache.james.protocols.api.OidcSASLConfiguration;
import org.apache.james.protocols.smtp.SMTPConfiguration;

import com.google.common.net.InetAddresses;

import dev.mailserver.smtp.TrustedNetworks;

/**
 * What the James SMTP handlers ask of a listener.
 *
 * @param relayNetworks the clients that may relay by their address alone (the trusted networks, on MTA listeners)
 */
public record JamesProtocolConfiguration(String hostname, long maxMessageSize, TrustedNetworks relayNetworks) implements SMTPConfiguration {

    @Override
    public String getHelloName() {
        return hostname;
    }

    @Override
    public String getGreeting() {
        return hostname + " ESMTP ready";
    }

    @Override
    public String getSoftwareName() {
        return "mailserver";
    }

    @Override
    public long getMaxMessageSize() {
        return maxMessageSize;
    }

    /** Only clients in the relay networks may relay by their address alone; the others only after authentication. */
    @Override
    public boolean isRelayingAllowed(String remoteIP) {
        return InetAddresses.isInetAddress(remoteIP) && relayNetworks.contains(InetAddresses.forString(remoteIP));
    }

    @Override
    public boolean isAuthAnnounced(String remoteIP, boolean tlsStarted) {
        return false;
    }

    @Override
    public boolean useHeloEhloEnforcement() {
        return true;
    }

    @Override
    public boolean useAddressBracketsEnforcement() {
        return true;
    }

    @Override
    public boolean isPlainAuthEnabled() {
        return false;
    }

    @Override
    public Optional<OidcSASLConfiguration> saslConfiguration() {
        return Optional.empty();
    }
}
