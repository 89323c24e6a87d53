package dev.mailserver.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.mailserver.app.config.MailAuthConfig;
import dev.mailserver.app.config.ServerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailserver.auth.arc.ArcSealer;
import dev.mailserver.auth.dkim.Canonicalization;
import dev.mailserver.auth.dkim.DkimAlgorithm;
import dev.mailserver.auth.dkim.DkimKeyStore;
import dev.mailserver.auth.dkim.DkimSigner;
import dev.mailserver.auth.dkim.DkimSigningKey;
import dev.mailserver.auth.dkim.DkimVerifier;
import dev.mailserver.auth.dmarc.DmarcEvaluator;
import dev.mailserver.auth.dns.AuthDns;
import dev.mailserver.auth.inbound.InboundAuthenticator;
import dev.mailserver.auth.report.DmarcObservationLog;
import dev.mailserver.auth.spf.SpfChecker;
import dev.mailserver.smtp.mailauth.InboundActions;
import dev.mailserver.smtp.mailauth.MessageAuthentication;

/**
 * The mail authentication of {@code mailserver.mail-auth}: the inbound checks of MTA listeners, the
 * DKIM signer (keys read once at the start from {@code <data-dir>/dkim}) of submission and sendmail,
 * the DMARC outcomes kept for reports, the resolver they share, and the ARC sealer of forwards
 * ({@code mailserver.delivery.forwarding.arc-seal}).
 */
record MailAuthServices(Optional<DkimSigner> signer, MessageAuthentication messageAuthentication, DmarcObservationLog observations,
                        AuthDns dns, Optional<ArcSealer> arcSealer) {
    private static final Logger LOGGER = LoggerFactory.getLogger(MailAuthServices.class);

    static MailAuthServices create(ServerConfig config, Clock clock) {
        MailAuthConfig settings = config.mailAuth();
        // The checks block on DNS: each message gets a virtual thread of its own, never a netty IO thread.
        ExecutorService checks = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("mail-auth-", 0).factory());
        Optional<DkimSigner> signer = settings.signing() ? signer(config, clock) : Optional.empty();
        Optional<InboundAuthenticator> inbound = Optional.empty();
        AuthDns dns = AuthDns.using(config.delivery().dnsServers(), config.delivery().dnsTimeout());
        DmarcObservationLog observations = new DmarcObservationLog(config.dmarcDir());
        if (settings.inbound()) {
            inbound = Optional.of(new InboundAuthenticator(new SpfChecker(dns, config.hostname(), clock),
                new DkimVerifier(dns, clock, settings.maxDkimSignatures()), new DmarcEvaluator(dns, new SecureRandom()),
                settings.authservId(), checks, settings.timeLimit()));
        }
        InboundActions actions = new InboundActions(settings.reject(), settings.quarantine(), settings.deferOnTemporaryError());
        Optional<DmarcObservationLog> recorded = settings.inbound() && settings.recordReports() ? Optional.of(observations) : Optional.empty();
        return new MailAuthServices(signer, new MessageAuthentication(inbound, actions, signer, recorded, checks), observations, dns,
            arcSealer(config, clock));
    }

    /** The sealer with the first RSA key of the forwarding domain (or its nearest parent with keys), when sealing is on and can be. */
    private static Optional<ArcSealer> arcSealer(ServerConfig config, Clock clock) {
        if (!config.delivery().forwarding().arcSeal()) {
            return Optional.empty();
        }
        String domain = config.delivery().forwarding().domain().asString();
        if (!config.mailAuth().inbound()) {
            LOGGER.info("Forwards are not ARC-sealed: a seal carries our checks' results, and mail-auth.inbound.enabled is false");
            return Optional.empty();
        }
        Optional<DkimSigningKey> key = new DkimSigner(keys(config), clock).keysFor(domain).stream()
            .filter(candidate -> candidate.algorithm() == DkimAlgorithm.RSA_SHA256).findFirst();
        if (key.isEmpty()) {
            LOGGER.info("Forwards are not ARC-sealed: no RSA key for {} in {} (mailserver dkim keygen {} SELECTOR)", domain, config.dkimDir(),
                domain);
            return Optional.empty();
        }
        ArcSealer sealer = new ArcSealer(key.get(), config.mailAuth().authservId(), clock);
        LOGGER.info("Forwards are ARC-sealed with {}", sealer.keyName());
        return Optional.of(sealer);
    }

    private static List<DkimSigningKey> keys(ServerConfig config) {
        try {
            return new DkimKeyStore(config.dkimDir()).load();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the DKIM keys in " + config.dkimDir() + ": " + e.getMessage(), e);
        }
    }

    private static Optional<DkimSigner> signer(ServerConfig config, Clock clock) {
        List<DkimSigningKey> keys = keys(config);
        if (keys.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new DkimSigner(keys, clock, config.mailAuth().signatureValidity(), Canonicalization.RELAXED, Canonicalization.RELAXED));
    }
}
