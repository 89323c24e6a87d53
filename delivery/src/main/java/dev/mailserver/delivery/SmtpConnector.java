package dev.mailserver.delivery;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ScheduledExecutorService;

import javax.net.ssl.SSLException;

import dev.mailserver.core.DeliveryResult;
import dev.mailserver.delivery.tls.CertificateFailure;
import dev.mailserver.delivery.tls.ConnectionSecurity;
import dev.mailserver.delivery.tls.PeerVerifier;
import dev.mailserver.delivery.tls.TlsOutcome;
import dev.mailserver.delivery.tls.TlsResults;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import org.eclipse.angus.mail.util.MailConnectException;

/**
 * Opens SMTP sessions: TCP connection, greeting, EHLO, STARTTLS and AUTH as the next hop wants.
 *
 * <p>The mail sessions (one for each STARTTLS setting) are made once, here: making one reads its providers
 * from the class path, with class look-ups that fail under the class loader's locks. Made for every
 * connection by many delivery threads at once, they deadlocked the delivery: virtual threads blocked on
 * those locks inside class loading, where they cannot unmount, held both carrier threads while the holder
 * of the lock waited for one. Each connection's own certificate check comes through
 * {@link ConnectionTlsFactory}.
 */
final class SmtpConnector {
    private final RemoteDeliverySettings settings;
    private final TlsContexts tls;
    private final ScheduledExecutorService writeTimeouts;
    private final TlsResults results;
    private final Map<ConnectionSecurity.StartTls, Session> sessions = new EnumMap<>(ConnectionSecurity.StartTls.class);

    SmtpConnector(RemoteDeliverySettings settings, ScheduledExecutorService writeTimeouts, TlsResults results) {
        this.settings = settings;
        this.results = results;
        this.tls = new TlsContexts(settings.trustStore());
        this.writeTimeouts = writeTimeouts;
        for (ConnectionSecurity.StartTls startTls : ConnectionSecurity.StartTls.values()) {
            sessions.put(startTls, Session.getInstance(properties(startTls)));
        }
    }

    /** A typed failure: the reason, for the log and the recipients' result. */
    static final class ConnectFailure extends Exception {
        private final transient DeliveryResult result;
        private final boolean tls;

        ConnectFailure(DeliveryResult result) {
            this(result, false);
        }

        /** @param tls whether TLS failed: not offered though required, or the certificate did not validate */
        ConnectFailure(DeliveryResult result, boolean tls) {
            super(result.toString(), null, false, false);
            this.result = result;
            this.tls = tls;
        }

        DeliveryResult result() {
            return result;
        }

        boolean isTlsFailure() {
            return tls;
        }
    }

    /**
     * Opens a session with {@code host}, using TLS as {@code security} says; each attempt that a published
     * policy governs is told to {@code results} (for TLS-RPT).
     */
    SmtpConnection connect(SmtpHost host, NextHop hop, ConnectionSecurity security) throws ConnectFailure {
        PeerVerifier verifier = tls.verifier(security);
        SmtpClientTransport transport = new SmtpClientTransport(sessions.get(security.startTls()));
        try (ConnectionTlsFactory.Scope opening = ConnectionTlsFactory.use(tls.forHost(host.name(), verifier))) {
            transport.connect(host.address().getHostAddress(), host.port(),
                hop.credentials().map(Relay.Credentials::username).orElse(null),
                hop.credentials().map(Relay.Credentials::password).orElse(null));
            TlsOutcome outcome = verifier.outcome(transport.isSSL());
            report(security, host, verifier.failure().map(CertificateFailure::resultType)
                .or(() -> outcome == TlsOutcome.NONE ? Optional.of("starttls-not-supported") : Optional.empty()));
            return new SmtpConnection(host, transport, outcome);
        } catch (AuthenticationFailedException e) {
            throw new ConnectFailure(DeliveryResult.temporaryFailure("4.7.8", "authentication to " + host + " failed: " + oneLine(e)));
        } catch (MailConnectException e) {
            throw new ConnectFailure(DeliveryResult.temporaryFailure("4.4.1", "connect to " + host + ": " + oneLine(e)));
        } catch (MessagingException e) {
            Optional<CertificateFailure> refused = verifier.failure().filter(failure -> security.enforced());
            tlsFailure(e, refused, verifier).ifPresent(type -> report(security, host, Optional.of(type)));
            if (refused.isPresent()) {
                throw new ConnectFailure(DeliveryResult.temporaryFailure("4.7.5", "TLS with " + host + " refused: " + refused.get().detail()), true);
            }
            throw new ConnectFailure(DeliveryResult.temporaryFailure("4.4.2", "session with " + host + " failed: " + oneLine(e)), isTlsFailure(e));
        }
    }

    /** Tells TLS-RPT how a session under a published policy went: a success, or the failure's type. */
    private void report(ConnectionSecurity security, SmtpHost host, Optional<String> failureType) {
        security.policy().ifPresent(policy -> results.record(policy, host.name(), host.address().getHostAddress(), failureType));
    }

    /** The TLS-RPT result type of a failed session, when TLS was the reason. */
    private static Optional<String> tlsFailure(MessagingException e, Optional<CertificateFailure> refused, PeerVerifier verifier) {
        if (refused.isPresent()) {
            return Optional.of(refused.get().resultType());
        }
        // Angus Mail's words when STARTTLS is required and the server does not offer it.
        if (!verifier.sawCertificate() && String.valueOf(e.getMessage()).contains("does not support STARTTLS")) {
            return Optional.of("starttls-not-supported");
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SSLException) {
                return Optional.of("validation-failure");
            }
        }
        return Optional.empty();
    }

    private Properties properties(ConnectionSecurity.StartTls startTls) {
        Properties properties = new Properties();
        properties.put("mail.smtp.localhost", settings.heloName());
        // Commands as UTF-8, for SMTPUTF8 paths; we send them only to servers that offer SMTPUTF8.
        properties.put("mail.mime.allowutf8", "true");
        properties.put("mail.smtp.connectiontimeout", String.valueOf(settings.connectTimeout().toMillis()));
        properties.put("mail.smtp.timeout", String.valueOf(settings.commandTimeout().toMillis()));
        properties.put("mail.smtp.writetimeout", String.valueOf(settings.commandTimeout().toMillis()));
        properties.put("mail.smtp.executor.writetimeout", writeTimeouts);
        properties.put("mail.smtp.starttls.enable", String.valueOf(startTls != ConnectionSecurity.StartTls.NEVER));
        properties.put("mail.smtp.starttls.required", String.valueOf(startTls == ConnectionSecurity.StartTls.REQUIRED));
        properties.put("mail.smtp.socketFactory", NoDelaySockets.INSTANCE);
        properties.put("mail.smtp.ssl.socketFactory", ConnectionTlsFactory.INSTANCE);
        // The verifier checks names as the policy says (MTA-STS and DANE have their own rules).
        properties.put("mail.smtp.ssl.checkserveridentity", "false");
        return properties;
    }

    private static boolean isTlsFailure(MessagingException e) {
        if (String.valueOf(e.getMessage()).contains("STARTTLS")) {
            return true;
        }
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof javax.net.ssl.SSLException || cause instanceof java.security.cert.CertificateException) {
                return true;
            }
        }
        return false;
    }

    private static String oneLine(Exception e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            text.append(": ").append(cause.getMessage());
        }
        return text.toString().replaceAll("\\s+", " ").strip();
    }
}
