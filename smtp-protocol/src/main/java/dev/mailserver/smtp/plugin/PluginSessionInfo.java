package dev.mailserver.smtp.plugin;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.smtp.SMTPSession;

import dev.mailserver.plugin.api.SessionInfo;

import dev.mailserver.smtp.server.SmtpSession;

/** The plugins' view of our session. */
final class PluginSessionInfo implements SessionInfo {
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static final AttachmentKey<Map<String, Object>> ATTRIBUTES = AttachmentKey.of("pluginAttributes", (Class) Map.class);

    private final SmtpSession session;
    private final String listenerName;
    private final String role;

    PluginSessionInfo(SmtpSession session, String listenerName, String role) {
        this.session = session;
        this.listenerName = listenerName;
        this.role = role;
    }

    @Override
    public String sessionId() {
        return session.getSessionID();
    }

    @Override
    public String listenerName() {
        return listenerName;
    }

    @Override
    public String role() {
        return role;
    }

    @Override
    public InetAddress clientAddress() {
        return session.getRemoteAddress().getAddress();
    }

    @Override
    public Optional<String> heloName() {
        return session.getAttachment(SMTPSession.CURRENT_HELO_NAME, State.Connection);
    }

    @Override
    public Optional<String> authenticatedUser() {
        return Optional.ofNullable(session.getUsername()).map(user -> user.asString());
    }

    @Override
    public boolean isTls() {
        return session.isTLSStarted() || session.getSSLSession().isPresent();
    }

    @Override
    public Optional<String> sender() {
        return session.getAttachment(SMTPSession.SENDER, State.Transaction).map(sender -> sender.asString(""));
    }

    @Override
    public List<String> recipients() {
        return session.getAttachment(SMTPSession.RCPT_LIST, State.Transaction)
            .map(list -> list.stream().map(MailAddress::asString).toList())
            .orElse(List.of());
    }

    @Override
    public Map<String, Object> attributes() {
        return session.getAttachment(ATTRIBUTES, State.Connection).orElseGet(() -> {
            Map<String, Object> fresh = new HashMap<>();
            session.setAttachment(ATTRIBUTES, fresh, State.Connection);
            return fresh;
        });
    }
}
