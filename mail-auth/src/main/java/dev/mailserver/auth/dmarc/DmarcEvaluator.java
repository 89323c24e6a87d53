package dev.mailserver.auth.dmarc;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

import dev.mailserver.auth.dkim.DkimResult;
import dev.mailserver.auth.dns.AuthDns;
import dev.mailserver.auth.message.AddressDomains;
import dev.mailserver.core.mime.HeaderSection.Field;
import dev.mailserver.auth.message.MailMessage;
import dev.mailserver.auth.spf.SpfResult;
import dev.mailserver.auth.spf.SpfVerdict;
import dev.mailserver.core.dns.DnsAnswer;

/**
 * DMARC (RFC 7489): the author domain passes when an SPF pass or a DKIM pass is aligned with it (relaxed:
 * the same organizational domain; strict: the same domain). The policy comes from the author domain's
 * record, else from its organizational domain's, where sp= applies to subdomains and np= (RFC 9091) to
 * subdomains that do not exist. Blocks on DNS: call it on a worker thread.
 */
public final class DmarcEvaluator {
    private final AuthDns dns;
    private final RandomGenerator random;

    /**
     * @param random picks the share of failing mail that pct= asks the policy for
     */
    public DmarcEvaluator(AuthDns dns, RandomGenerator random) {
        this.dns = Objects.requireNonNull(dns, "dns");
        this.random = Objects.requireNonNull(random, "random");
    }

    public DmarcResult evaluate(MailMessage message, SpfVerdict spf, List<DkimResult> dkim) {
        List<Field> from = message.headers("From");
        if (from.size() != 1) {
            return DmarcResult.without(DmarcStatus.PERMERROR, "", "the message has " + from.size() + " From fields");
        }
        Optional<String> author = AddressDomains.singleDomain(from.get(0));
        if (author.isEmpty()) {
            return DmarcResult.without(DmarcStatus.PERMERROR, "", "the From field does not name exactly one domain");
        }
        String fromDomain = author.get();
        String organizational = OrganizationalDomain.of(fromDomain);
        Lookup lookup = lookup(fromDomain);
        if (lookup.record.isEmpty() && lookup.temporaryFailure.isEmpty() && !organizational.equals(fromDomain)) {
            lookup = lookup(organizational);
        }
        if (lookup.temporaryFailure.isPresent()) {
            return DmarcResult.without(DmarcStatus.TEMPERROR, fromDomain, lookup.temporaryFailure.get());
        }
        if (lookup.record.isEmpty()) {
            return DmarcResult.without(DmarcStatus.NONE, fromDomain, "no DMARC record for " + fromDomain);
        }
        DmarcRecord record = lookup.record.get();
        boolean dkimAligned = dkim.stream().anyMatch(result -> result.passed()
            && OrganizationalDomain.aligned(result.domain(), fromDomain, record.strictDkim()));
        boolean spfAligned = spf.result() == SpfResult.PASS && OrganizationalDomain.aligned(spf.domain(), fromDomain, record.strictSpf());
        DmarcPolicy requested = requestedPolicy(record, lookup.domain, fromDomain);
        if (dkimAligned || spfAligned) {
            return new DmarcResult(DmarcStatus.PASS, fromDomain, lookup.domain, requested, DmarcPolicy.NONE, dkimAligned, spfAligned,
                (dkimAligned ? "aligned DKIM pass" : "aligned SPF pass") + " for " + fromDomain, lookup.record);
        }
        DmarcPolicy disposition = requested == DmarcPolicy.NONE || random.nextInt(100) < record.percent() ? requested : requested.milder();
        return new DmarcResult(DmarcStatus.FAIL, fromDomain, lookup.domain, requested, disposition, false, false,
            "no aligned SPF or DKIM pass for " + fromDomain + " (policy " + requested.keyword() + " of " + lookup.domain + ")", lookup.record);
    }

    private DmarcPolicy requestedPolicy(DmarcRecord record, String policyDomain, String fromDomain) {
        if (policyDomain.equals(fromDomain)) {
            return record.policy();
        }
        if (record.nonExistentPolicy().isPresent() && dns.ipv4(fromDomain).status() == DnsAnswer.Status.NO_SUCH_DOMAIN) {
            return record.nonExistentPolicy().get();
        }
        return record.subdomainPolicy().orElse(record.policy());
    }

    private record Lookup(String domain, Optional<DmarcRecord> record, Optional<String> temporaryFailure) {
    }

    private Lookup lookup(String domain) {
        DnsAnswer<String> answer = dns.txt("_dmarc." + domain);
        if (answer.status() == DnsAnswer.Status.TEMPORARY_FAILURE) {
            return new Lookup(domain, Optional.empty(), Optional.of(answer.detail()));
        }
        List<String> records = answer.records().stream().filter(DmarcRecord::isDmarcRecord).toList();
        Optional<DmarcRecord> record = records.size() == 1 ? DmarcRecord.parse(records.get(0)) : Optional.empty();
        return new Lookup(domain, record, Optional.empty());
    }
}
