package dev.mailserver.smtp.policy;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

import org.apache.james.core.Domain;

import dev.mailserver.core.dns.DnsAnswer;
import dev.mailserver.core.dns.DnsResolver;
import dev.mailserver.core.dns.MxRecord;
import dev.mailserver.plugin.api.AsyncSmtpHook;
import dev.mailserver.plugin.api.HookDecision;
import dev.mailserver.plugin.api.SessionInfo;

/**
 * The envelope sender's domain must exist and be able to receive replies (an MX, or else an address
 * record, RFC 5321 5.1), like James's {@code ValidSenderDomainHandler}: a domain that does not exist
 * gets {@code 550 5.1.8}, one that cannot receive mail (no records, or a null MX) {@code 550 5.1.8}, and a
 * DNS failure {@code 451 4.1.8}. The null sender passes. Look-ups run on {@code lookups}, never on the IO
 * thread.
 */
public final class SenderDomainPolicy implements AsyncSmtpHook {
    private final DnsResolver dns;
    private final Executor lookups;

    public SenderDomainPolicy(DnsResolver dns, Executor lookups) {
        this.dns = dns;
        this.lookups = lookups;
    }

    @Override
    public CompletionStage<HookDecision> onMail(SessionInfo session, String sender, Map<String, String> parameters) {
        int at = sender.lastIndexOf('@');
        if (sender.isEmpty() || at < 0 || sender.startsWith("[", at + 1)) {
            return HookDecision.proceedNow();
        }
        String domain = sender.substring(at + 1);
        return CompletableFuture.supplyAsync(() -> check(domain), lookups);
    }

    private HookDecision check(String domain) {
        DnsAnswer<MxRecord> mx = dns.mx(Domain.of(domain));
        return switch (mx.status()) {
            case FOUND -> mx.records().stream().allMatch(MxRecord::isNullMx) ? cannotReceive(domain) : HookDecision.proceed();
            case NO_SUCH_DOMAIN -> HookDecision.reject(550, "5.1.8", "<" + domain + ">: Sender address rejected: Domain not found");
            case TEMPORARY_FAILURE -> unresolved(domain);
            case NO_RECORDS -> switch (dns.addresses(domain).status()) {
                case FOUND -> HookDecision.proceed();
                case TEMPORARY_FAILURE -> unresolved(domain);
                case NO_RECORDS, NO_SUCH_DOMAIN -> cannotReceive(domain);
            };
        };
    }

    private static HookDecision cannotReceive(String domain) {
        return HookDecision.reject(550, "5.1.8", "<" + domain + ">: Sender address rejected: the domain cannot receive mail");
    }

    private static HookDecision unresolved(String domain) {
        return HookDecision.tempReject(451, "4.1.8", "<" + domain + ">: Sender address rejected: Domain not resolvable, try again later");
    }
}
