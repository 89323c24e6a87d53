package dev.mailserver.smtp.server;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.ProtocolTransport;
import org.apache.james.protocols.api.handler.ProtocolHandlerChain;
import org.apache.james.protocols.smtp.SMTPConfiguration;
import org.apache.james.protocols.smtp.SMTPProtocol;

/** The library's SMTP protocol with our session type. */
public final class SmtpProtocol extends SMTPProtocol {
    public SmtpProtocol(ProtocolHandlerChain chain, SMTPConfiguration configuration) {
        super(chain, configuration);
    }

    @Override
    public ProtocolSession newSession(ProtocolTransport transport) {
        return new SmtpSession(transport, (SMTPConfiguration) getConfiguration());
    }
}
