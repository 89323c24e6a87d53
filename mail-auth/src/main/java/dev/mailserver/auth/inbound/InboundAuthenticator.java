package dev.mailserver.auth.inbound;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import dev.mailserver.auth.arc.ArcResult;
import dev.mailserver.auth.arc.ArcStatus;
import dev.mailserver.auth.arc.ArcVerifier;
import dev.mailserver.auth.dkim.DkimResult;
import dev.mailserver.auth.dkim.DkimVerifier;
import dev.mailserver.auth.dmarc.DmarcEvaluator;
import dev.mailserver.auth.dmarc.DmarcResult;
import dev.mailserver.auth.dmarc.DmarcStatus;
import dev.mailserver.auth.message.MailMessage;
import dev.mailserver.auth.results.AuthenticationResults;
import dev.mailserver.auth.spf.SpfChecker;
import dev.mailserver.auth.spf.SpfResult;
import dev.mailserver.auth.spf.SpfVerdict;

/**
 * SPF, DKIM, ARC and DMARC of a received message, on the given executor (never the caller's thread, so a
 * netty IO thread only waits for the future's callback), within a time limit: what is not done by then
 * counts as a temporary error.
 */
public final class InboundAuthenticator {
    private final SpfChecker spf;
    private final DkimVerifier dkim;
    private final ArcVerifier arc;
    private final DmarcEvaluator dmarc;
    private final String authservId;
    private final Executor executor;
    private final Duration timeLimit;

    public InboundAuthenticator(SpfChecker spf, DkimVerifier dkim, DmarcEvaluator dmarc, String authservId,
                                Executor executor, Duration timeLimit) {
        this.spf = Objects.requireNonNull(spf, "spf");
        this.dkim = Objects.requireNonNull(dkim, "dkim");
        this.arc = new ArcVerifier(dkim);
        this.dmarc = Objects.requireNonNull(dmarc, "dmarc");
        this.authservId = Objects.requireNonNull(authservId, "authservId");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.timeLimit = Objects.requireNonNull(timeLimit, "timeLimit");
    }

    public String authservId() {
        return authservId;
    }

    /**
     * @param mailFrom the reverse path without brackets, empty for the null sender
     */
    public CompletableFuture<InboundAuthentication> check(InetAddress client, String helo, String mailFrom, MailMessage message) {
        String spfDomain = mailFrom.isEmpty() ? helo : mailFrom.substring(mailFrom.lastIndexOf('@') + 1);
        String identity = mailFrom.isEmpty() ? "helo" : "mailfrom";
        return CompletableFuture.supplyAsync(() -> {
            SpfVerdict spfVerdict = spf.check(client, helo, mailFrom);
            List<DkimResult> dkimResults = dkim.verify(message);
            ArcResult arcResult = arc.verify(message);
            DmarcResult dmarcResult = dmarc.evaluate(message, spfVerdict, dkimResults);
            return result(spfVerdict, dkimResults, arcResult, dmarcResult);
        }, executor).completeOnTimeout(timedOut(spfDomain, identity), timeLimit.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The message as it is to be stored: forged Authentication-Results fields of ours removed, ours on top. */
    public MailMessage stamped(MailMessage message, InboundAuthentication authentication) {
        return AuthenticationResults.withoutForged(message, authservId).withPrepended(List.of(authentication.header()));
    }

    private InboundAuthentication timedOut(String spfDomain, String identity) {
        String reason = "not done within " + timeLimit.toMillis() + " ms";
        return result(new SpfVerdict(SpfResult.TEMPERROR, spfDomain, identity, "", reason), List.of(),
            new ArcResult(ArcStatus.NONE, 0, reason), DmarcResult.without(DmarcStatus.TEMPERROR, "", reason));
    }

    private InboundAuthentication result(SpfVerdict spfVerdict, List<DkimResult> dkimResults, ArcResult arcResult, DmarcResult dmarcResult) {
        return new InboundAuthentication(spfVerdict, dkimResults, arcResult, dmarcResult,
            AuthenticationResults.header(authservId, spfVerdict, dkimResults, arcResult, dmarcResult));
    }
}
