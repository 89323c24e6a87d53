package dev.mailserver.smtp.mailauth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailserver.auth.dkim.DkimResult;
import dev.mailserver.auth.dkim.DkimSigner;
import dev.mailserver.auth.dkim.DkimStatus;
import dev.mailserver.auth.dmarc.DmarcPolicy;
import dev.mailserver.auth.dmarc.DmarcStatus;
import dev.mailserver.auth.inbound.InboundAuthentication;
import dev.mailserver.auth.inbound.InboundAuthenticator;
import dev.mailserver.auth.message.MailMessage;
import dev.mailserver.auth.report.DmarcObservationLog;
import dev.mailserver.auth.spf.SpfResult;
import dev.mailserver.core.MessageContent;
import dev.mailserver.core.mime.QuarantineHeader;

/**
 * The mail authentication of a message at the end of DATA, off the IO thread: of mail that arrives (an
 * MTA listener's client outside the trusted networks) SPF, DKIM and DMARC, with one Authentication-Results
 * field added (forged ones of our authserv-id removed) and the configured action; of mail we send (a
 * submission listener's, or an MTA listener's client in a trusted network) DKIM signatures of the
 * author's domain.
 */
public final class MessageAuthentication {
    private static final Logger LOGGER = LoggerFactory.getLogger(MessageAuthentication.class);

    private final Optional<InboundAuthenticator> inbound;
    private final InboundActions actions;
    private final Optional<DkimSigner> signer;
    private final Optional<DmarcObservationLog> observations;
    private final Executor executor;

    /**
     * @param inbound the checks of mail received by MTA listeners, or empty for none
     * @param signer the signer of mail we send, or empty for none
     * @param observations where the DMARC outcome of each checked message is kept for reports, or empty
     * @param executor where messages are read and checked (never a netty IO thread)
     */
    public MessageAuthentication(Optional<InboundAuthenticator> inbound, InboundActions actions, Optional<DkimSigner> signer,
                                 Optional<DmarcObservationLog> observations, Executor executor) {
        this.inbound = Objects.requireNonNull(inbound, "inbound");
        this.actions = Objects.requireNonNull(actions, "actions");
        this.signer = Objects.requireNonNull(signer, "signer");
        this.observations = Objects.requireNonNull(observations, "observations");
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /** Whether it has anything to do: signing mail we send ({@code outgoing}), or checking mail that arrives. */
    public boolean appliesTo(boolean outgoing) {
        return outgoing ? signer.isPresent() : inbound.isPresent();
    }

    /**
     * @param outgoing whether the message is ours going out (signed) rather than arriving (checked)
     * @param mailFrom the reverse path, empty for the null sender
     */
    public CompletableFuture<AuthenticationVerdict> apply(boolean outgoing, InetAddress client, String helo, String mailFrom,
                                                          MessageContent content) {
        if (!appliesTo(outgoing)) {
            return CompletableFuture.completedFuture(new AuthenticationVerdict.Unchanged(""));
        }
        return CompletableFuture.supplyAsync(() -> read(content), executor).thenCompose(message -> outgoing
            ? CompletableFuture.supplyAsync(() -> sign(message), executor)
            : inbound.orElseThrow().check(client, helo, mailFrom, message).thenApplyAsync(result -> {
                observe(client, result);
                return decide(message, result);
            }, executor));
    }

    private AuthenticationVerdict decide(MailMessage received, InboundAuthentication result) {
        String summary = summary(result);
        if (actions.rejectOnDmarcReject() && result.dmarc().status() == DmarcStatus.FAIL && result.dmarc().disposition() == DmarcPolicy.REJECT) {
            return new AuthenticationVerdict.Refuse(new SMTPResponse("550", "5.7.1 Message refused: it fails the DMARC policy (p=reject) of "
                + result.dmarc().fromDomain()), summary);
        }
        if (actions.deferOnTemporaryError() && undecided(result)) {
            return new AuthenticationVerdict.Refuse(new SMTPResponse("451", "4.7.1 SPF, DKIM or DMARC could not be checked "
                + "(DNS failure); try again later"), summary);
        }
        MailMessage message = received.without(field -> field.isNamed(QuarantineHeader.NAME));
        MailMessage stamped = inbound.orElseThrow().stamped(message, result);
        if (actions.quarantineOnDmarcQuarantine() && result.dmarc().status() == DmarcStatus.FAIL
            && result.dmarc().disposition() == DmarcPolicy.QUARANTINE) {
            stamped = stamped.withPrepended(List.of(MailMessage.field(QuarantineHeader.NAME + ": dmarc=fail (p=quarantine) header.from="
                + result.dmarc().fromDomain())));
            summary += " (quarantined)";
        }
        return new AuthenticationVerdict.Restamp(stamped.headerBytes(), received.headerLength(), summary);
    }

    private void observe(InetAddress client, InboundAuthentication result) {
        if (observations.isEmpty()) {
            return;
        }
        try {
            observations.get().record(client.getHostAddress(), result, Instant.now());
        } catch (IOException e) {
            LOGGER.warn("Cannot record the DMARC outcome for the reports: {}", e.getMessage());
        }
    }

    /** DNS failures where a pass would have changed the verdict. */
    private static boolean undecided(InboundAuthentication result) {
        if (result.dmarc().status() == DmarcStatus.TEMPERROR) {
            return true;
        }
        boolean temporary = result.spf().result() == SpfResult.TEMPERROR
            || result.dkim().stream().anyMatch(dkim -> dkim.status() == DkimStatus.TEMPERROR);
        return temporary && result.dmarc().status() == DmarcStatus.FAIL;
    }

    private AuthenticationVerdict sign(MailMessage message) {
        byte[] block = signer.orElseThrow().signatureBlock(message);
        if (block.length == 0) {
            return new AuthenticationVerdict.Unchanged("not signed: no DKIM key for the author's domain");
        }
        List<String> selectors = MailMessage.parse(block).headers("DKIM-Signature").stream()
            .map(signature -> signature.value().replaceAll("(?s).*\\bs=([^;\\s]+).*", "$1") + "._domainkey."
                + signature.value().replaceAll("(?s).*\\bd=([^;\\s]+).*", "$1"))
            .toList();
        return new AuthenticationVerdict.Restamp(block, 0, "dkim signed with " + String.join(", ", selectors));
    }

    private static String summary(InboundAuthentication result) {
        String dkim = result.dkim().isEmpty() ? "none"
            : result.dkim().stream().map(DkimResult::status).map(DkimStatus::keyword).collect(Collectors.joining(","));
        return "spf=" + result.spf().result().keyword() + " dkim=" + dkim + " arc=" + result.arc().status().keyword()
            + " dmarc=" + result.dmarc().status().keyword()
            + (result.dmarc().fromDomain().isEmpty() ? "" : " header.from=" + result.dmarc().fromDomain());
    }

    /** The header section now; the body stays in the spool file and is streamed by each hash. */
    private static MailMessage read(MessageContent content) {
        try {
            return MailMessage.read(content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the received message", e);
        }
    }

}
