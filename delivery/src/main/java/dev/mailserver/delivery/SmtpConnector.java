package dev.mailserver.delivery;

import java.util.Properties;
import java.util.concurrent.ScheduledExecutorService;

import dev.mailserver.core.DeliveryResult;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import org.eclipse.angus.mail.util.MailConnectException;

/** Opens SMTP sessions: TCP connection, greeting, EHLO, STARTTLS and AUTH as the next hop wants. */
final class SmtpConnector {
    private final RemoteDeliverySettings settings;
    private final TlsContexts tls;
    private final ScheduledExecutorService writeTimeouts;

    SmtpConnector(RemoteDeliverySettings settings, ScheduledExecutorService writeTimeouts) {
        this.settings = settings;
        this.tls = new TlsContexts(settings.trustStore());
        this.writeTimeouts = writeTimeouts;
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

    SmtpConnection connect(SmtpHost host, NextHop hop) throws ConnectFailure {
        SmtpClientTransport transport = new SmtpClientTransport(Session.getInstance(properties(host, hop.tls())));
        try {
            transport.connect(host.address().getHostAddress(), host.port(),
                hop.credentials().map(Relay.Credentials::username).orElse(null),
                hop.credentials().map(Relay.Credentials::password).orElse(null));
            return new SmtpConnection(host, transport);
        } catch (AuthenticationFailedException e) {
            throw new ConnectFailure(DeliveryResult.temporaryFailure("4.7.8", "authentication to " + host + " failed: " + oneLine(e)));
        } catch (MailConnectException e) {
            throw new ConnectFailure(DeliveryResult.temporaryFailure("4.4.1", "connect to " + host + ": " + oneLine(e)));
        } catch (MessagingException e) {
            throw new ConnectFailure(DeliveryResult.temporaryFailure("4.4.2", "session with " + host + " failed: " + oneLine(e)), isTlsFailure(e));
        }
    }

    private Properties properties(SmtpHost host, TlsPolicy policy) {
        Properties properties = new Properties();
        properties.put("mail.smtp.localhost", settings.heloName());
        // Commands as UTF-8, for SMTPUTF8 paths; we send them only to servers that offer SMTPUTF8.
        properties.put("mail.mime.allowutf8", "true");
        properties.put("mail.smtp.connectiontimeout", String.valueOf(settings.connectTimeout().toMillis()));
        properties.put("mail.smtp.timeout", String.valueOf(settings.commandTimeout().toMillis()));
        properties.put("mail.smtp.writetimeout", String.valueOf(settings.commandTimeout().toMillis()));
        properties.put("mail.smtp.executor.writetimeout", writeTimeouts);
        properties.put("mail.smtp.starttls.enable", String.valueOf(policy != TlsPolicy.NONE));
        properties.put("mail.smtp.starttls.required", String.valueOf(policy == TlsPolicy.REQUIRED));
        properties.put("mail.smtp.ssl.socketFactory", tls.forHost(host.name(), policy == TlsPolicy.REQUIRED));
        properties.put("mail.smtp.ssl.checkserveridentity", String.valueOf(policy == TlsPolicy.REQUIRED));
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
