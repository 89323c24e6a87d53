package dev.mailserver.auth.spf;

import java.net.InetAddress;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import dev.mailserver.auth.dns.AuthDns;
import dev.mailserver.core.dns.DnsAnswer;

/**
 * SPF (RFC 7208) of the MAIL FROM identity, or of the HELO identity for the null sender. Evaluation stops
 * with a permerror after 10 DNS-querying terms or more than 2 void look-ups (section 4.6.4). Blocks on DNS:
 * call it on a worker thread.
 */
public final class SpfChecker {
    private static final int MAX_DNS_TERMS = 10;
    private static final int MAX_VOID_LOOKUPS = 2;
    private static final int MAX_MX_OR_PTR_NAMES = 10;
    private static final int MAX_DOMAIN_LENGTH = 253;

    private final AuthDns dns;
    private final String receiver;
    private final Clock clock;

    /**
     * @param receiver our host name, for the %{r} macro of explanations
     */
    public SpfChecker(AuthDns dns, String receiver, Clock clock) {
        this.dns = Objects.requireNonNull(dns, "dns");
        this.receiver = Objects.requireNonNull(receiver, "receiver");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param mailFrom the reverse path without brackets; empty for the null sender, when HELO is checked
     */
    public SpfVerdict check(InetAddress ip, String helo, String mailFrom) {
        boolean nullSender = mailFrom.isEmpty();
        String sender = nullSender ? "postmaster@" + helo : mailFrom.indexOf('@') < 0 ? "postmaster@" + mailFrom
            : mailFrom.startsWith("@") ? "postmaster" + mailFrom : mailFrom;
        String domain = sender.substring(sender.lastIndexOf('@') + 1);
        String identity = nullSender ? "helo" : "mailfrom";
        Evaluation evaluation = new Evaluation(ip, sender, helo);
        try {
            Outcome outcome = evaluation.checkHost(domain);
            return new SpfVerdict(outcome.result, domain, identity, outcome.explanation, outcome.reason);
        } catch (SpfAbort abort) {
            return new SpfVerdict(abort.result(), domain, identity, "", abort.getMessage());
        }
    }

    private record Outcome(SpfResult result, String explanation, String reason) {
        static Outcome of(SpfResult result, String reason) {
            return new Outcome(result, "", reason);
        }
    }

    /** One check_host() run with its shared limits. */
    private final class Evaluation {
        private final InetAddress ip;
        private final String sender;
        private final SpfMacros macros;
        private int dnsTerms;
        private int voidLookups;

        Evaluation(InetAddress ip, String sender, String helo) {
            this.ip = ip;
            this.sender = sender;
            this.macros = new SpfMacros(sender, ip, helo, receiver, clock, this::validatedName);
        }

        Outcome checkHost(String domain) {
            if (!isValidDomain(domain)) {
                return Outcome.of(SpfResult.NONE, "\"" + domain + "\" is not a domain name");
            }
            DnsAnswer<String> answer = dns.txt(domain);
            if (answer.status() == DnsAnswer.Status.TEMPORARY_FAILURE) {
                return Outcome.of(SpfResult.TEMPERROR, answer.detail());
            }
            List<String> records = answer.records().stream().filter(SpfRecord::isSpfRecord).toList();
            if (records.isEmpty()) {
                return Outcome.of(SpfResult.NONE, "no SPF record at " + domain);
            }
            if (records.size() > 1) {
                return Outcome.of(SpfResult.PERMERROR, domain + " has " + records.size() + " SPF records");
            }
            SpfRecord spf = SpfRecord.parse(records.get(0));
            for (SpfRecord.Directive directive : spf.directives()) {
                if (directive.queriesDns()) {
                    countDnsTerm();
                }
                if (matches(directive, domain)) {
                    String explanation = directive.qualifier() == SpfResult.FAIL ? explanation(spf, domain) : "";
                    return new Outcome(directive.qualifier(), explanation, "matched " + directive.text() + " of " + domain);
                }
            }
            if (spf.redirect().isPresent() && !spf.hasAll()) {
                countDnsTerm();
                String target = target(spf.redirect().get(), domain);
                Outcome redirected = checkHost(target);
                if (redirected.result == SpfResult.NONE) {
                    return Outcome.of(SpfResult.PERMERROR, "redirect=" + target + " has no SPF record");
                }
                return redirected;
            }
            return Outcome.of(SpfResult.NEUTRAL, "nothing matched in " + domain);
        }

        private boolean matches(SpfRecord.Directive directive, String domain) {
            return switch (directive.mechanism()) {
                case ALL -> true;
                case IP4, IP6 -> {
                    InetAddress network = IpLiterals.parse(directive.domainSpec());
                    int prefix = directive.mechanism() == SpfRecord.Mechanism.IP4 ? directive.ip4Prefix() : directive.ip6Prefix();
                    yield network != null && AddressRange.contains(network, prefix, ip);
                }
                case A -> matchesAddressOf(target(directive, domain), directive);
                case MX -> matchesMx(target(directive, domain), directive);
                case PTR -> matchesPtr(target(directive, domain));
                case EXISTS -> !found(dns.ipv4(target(directive, domain))).isEmpty();
                case INCLUDE -> include(target(directive, domain));
            };
        }

        private boolean include(String target) {
            Outcome included = checkHost(target);
            return switch (included.result) {
                case PASS -> true;
                case FAIL, SOFTFAIL, NEUTRAL -> false;
                case TEMPERROR -> throw SpfAbort.temperror("include:" + target + ": " + included.reason);
                case PERMERROR -> throw SpfAbort.permerror("include:" + target + ": " + included.reason);
                case NONE -> throw SpfAbort.permerror("include:" + target + " has no SPF record");
            };
        }

        private boolean matchesAddressOf(String host, SpfRecord.Directive directive) {
            List<InetAddress> addresses = found(dns.addressesLike(ip, host));
            int prefix = ip.getAddress().length == 4 ? directive.ip4Prefix() : directive.ip6Prefix();
            return addresses.stream().anyMatch(address -> AddressRange.contains(address, prefix, ip));
        }

        private boolean matchesMx(String domain, SpfRecord.Directive directive) {
            List<String> hosts = found(dns.mxHosts(domain));
            if (hosts.size() > MAX_MX_OR_PTR_NAMES) {
                throw SpfAbort.permerror(domain + " has more than " + MAX_MX_OR_PTR_NAMES + " MX records");
            }
            for (String host : hosts) {
                if (!host.isEmpty() && matchesAddressOf(host, directive)) {
                    return true;
                }
            }
            return false;
        }

        private boolean matchesPtr(String domain) {
            String target = domain.toLowerCase(Locale.ROOT);
            return validatedNames().stream().anyMatch(name -> name.equals(target) || name.endsWith("." + target));
        }

        /** The names of the client's PTR records whose addresses include the client (section 5.5). */
        private List<String> validatedNames() {
            DnsAnswer<String> names = dns.ptr(ip);
            return names.records().stream().limit(MAX_MX_OR_PTR_NAMES)
                .filter(name -> dns.addressesLike(ip, name).records().contains(ip))
                .map(name -> name.toLowerCase(Locale.ROOT))
                .toList();
        }

        private String validatedName() {
            List<String> names = validatedNames();
            String domain = sender.substring(sender.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
            return names.stream().filter(name -> name.equals(domain) || name.endsWith("." + domain)).findFirst()
                .or(() -> names.stream().findFirst()).orElse("unknown");
        }

        private String explanation(SpfRecord spf, String domain) {
            if (spf.explanation().isEmpty()) {
                return "";
            }
            try {
                String target = target(spf.explanation().get(), domain);
                DnsAnswer<String> answer = dns.txt(target);
                if (answer.records().size() != 1) {
                    return "";
                }
                String text = answer.records().get(0);
                if (!text.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
                    return "";
                }
                return macros.expand(text, domain, true);
            } catch (SpfAbort e) {
                return "";
            }
        }

        private String target(SpfRecord.Directive directive, String domain) {
            return directive.domainSpec().isEmpty() ? domain : target(directive.domainSpec(), domain);
        }

        private String target(String domainSpec, String domain) {
            String expanded = macros.expand(domainSpec, domain, false);
            if (expanded.endsWith(".")) {
                expanded = expanded.substring(0, expanded.length() - 1);
            }
            while (expanded.length() > MAX_DOMAIN_LENGTH && expanded.indexOf('.') >= 0) {
                expanded = expanded.substring(expanded.indexOf('.') + 1);
            }
            return expanded;
        }

        private <T> List<T> found(DnsAnswer<T> answer) {
            switch (answer.status()) {
                case TEMPORARY_FAILURE -> throw SpfAbort.temperror(answer.detail());
                case NO_RECORDS, NO_SUCH_DOMAIN -> {
                    voidLookups++;
                    if (voidLookups > MAX_VOID_LOOKUPS) {
                        throw SpfAbort.permerror("more than " + MAX_VOID_LOOKUPS + " void DNS look-ups");
                    }
                }
                case FOUND -> {
                }
            }
            return answer.records();
        }

        private void countDnsTerm() {
            dnsTerms++;
            if (dnsTerms > MAX_DNS_TERMS) {
                throw SpfAbort.permerror("more than " + MAX_DNS_TERMS + " DNS-querying terms");
            }
        }
    }

    /** RFC 7208 section 4.3: labels of 1 to 63 characters, at least two of them. */
    private static boolean isValidDomain(String domain) {
        String name = domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
        if (name.isEmpty() || name.length() > MAX_DOMAIN_LENGTH) {
            return false;
        }
        String[] labels = name.split("\\.", -1);
        if (labels.length < 2) {
            return false;
        }
        for (String label : labels) {
            if (label.isEmpty() || label.length() > 63) {
                return false;
            }
        }
        return true;
    }
}
