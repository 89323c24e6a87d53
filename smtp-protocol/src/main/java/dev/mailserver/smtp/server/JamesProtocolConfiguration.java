package dev.mailserver.smtp.server;

import java.util.Optional;

import org.apache.james.protocols.api.OidcSASLConfiguration;
import org.apache.james.protocols.smtp.SMTPConfiguration;

/** What the James SMTP handlers ask of a listener. */
public record JamesProtocolConfiguration(String hostname, long maxMessageSize) implements SMTPConfiguration {

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

    /** No client may relay by its address alone; relaying comes only with authentication. */
    @Override
    public boolean isRelayingAllowed(String remoteIP) {
        return false;
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
