package dev.mailserver.delivery.tls;

import java.util.List;
import java.util.Optional;

import dev.mailserver.core.DeliveryResult;
import dev.mailserver.delivery.TlsPolicy;
import dev.mailserver.delivery.dane.DaneLookup;
import dev.mailserver.delivery.dane.Tlsa;
import dev.mailserver.delivery.dane.TlsaAnswer;
import dev.mailserver.delivery.sts.StsLookup;
import dev.mailserver.delivery.sts.StsPolicies;
import dev.mailserver.delivery.sts.StsPolicy;

/**
 * Works out how to use TLS with the hosts of a destination from its {@link TlsPolicy}: fixed rules for
 * {@code none}, {@code may}, {@code encrypt} and {@code verify}; the domain's MTA-STS policy; DANE for
 * hosts with signed TLSA records, before MTA-STS (RFC 8461 section 2).
 */
public final class TlsPlanner {
    private final StsPolicies sts;
    private final DaneLookup dane;
    private final TlsResults results;

    /**
     * @param sts MTA-STS policies; {@code null} when not available (then {@link TlsPolicy#MTA_STS} is refused)
     * @param dane DNSSEC look-ups; {@code null} when not available (then {@link TlsPolicy#DANE} is refused)
     */
    public TlsPlanner(StsPolicies sts, DaneLookup dane, TlsResults results) {
        this.sts = sts;
        this.dane = dane;
        this.results = results;
    }

    /** Only the fixed levels: {@code none}, {@code may}, {@code encrypt} and {@code verify}. */
    public static TlsPlanner fixedLevelsOnly() {
        return new TlsPlanner(null, null, TlsResults.NONE);
    }

    /** Whether this planner can apply the policy. */
    public boolean supports(TlsPolicy policy) {
        return switch (policy) {
            case MTA_STS -> sts != null;
            case DANE -> dane != null && sts != null;
            default -> true;
        };
    }

    /**
     * @param domain the recipients' domain (for MTA-STS and DANE of MX hosts)
     * @param viaMx whether the hosts are the domain's MX hosts, not a relay
     */
    public DestinationPlan plan(String domain, TlsPolicy policy, boolean viaMx) {
        if (!supports(policy)) {
            throw new IllegalStateException("TLS policy " + policy + " needs MTA-STS and DNSSEC look-ups, which this planner lacks");
        }
        return switch (policy) {
            case NONE -> DestinationPlan.always(ConnectionSecurity.PLAIN);
            case MAY -> DestinationPlan.always(ConnectionSecurity.OPPORTUNISTIC);
            case ENCRYPT -> DestinationPlan.always(ConnectionSecurity.ENCRYPTED);
            case VERIFY -> (host, port) -> new HostSecurity.Connect(new ConnectionSecurity(ConnectionSecurity.StartTls.REQUIRED,
                new PeerCheck.WebPki(host, TlsOutcome.PKIX_VERIFIED, false), true, Optional.empty()));
            case MTA_STS -> stsPlan(domain);
            case DANE -> danePlan(domain, viaMx);
        };
    }

    private DestinationPlan stsPlan(String domain) {
        return switch (sts.find(domain)) {
            case StsLookup.NoPolicy none -> DestinationPlan.always(ConnectionSecurity.OPPORTUNISTIC);
            case StsLookup.Failed failed -> {
                // The domain announces an MTA-STS policy (its TXT record): the failure is reported under that type.
                results.record(new GoverningPolicy("sts", domain, List.of(), List.of()), "", "", Optional.of(failed.resultType()));
                yield DestinationPlan.always(ConnectionSecurity.OPPORTUNISTIC);
            }
            case StsLookup.Found found -> stsPlan(domain, found.policy());
        };
    }

    private static DestinationPlan stsPlan(String domain, StsPolicy policy) {
        Optional<GoverningPolicy> governing = Optional.of(new GoverningPolicy("sts", domain, policy.lines(), policy.mx()));
        return switch (policy.mode()) {
            case NONE -> DestinationPlan.always(ConnectionSecurity.OPPORTUNISTIC);
            // Report only: every host is used; a valid certificate of a host the policy does not list is no STS success.
            case TESTING -> (host, port) -> new HostSecurity.Connect(new ConnectionSecurity(ConnectionSecurity.StartTls.IF_OFFERED,
                new PeerCheck.WebPki(host, policy.allows(host) ? TlsOutcome.STS_VERIFIED : TlsOutcome.PKIX_VERIFIED, true), false, governing));
            case ENFORCE -> (host, port) -> policy.allows(host)
                ? new HostSecurity.Connect(new ConnectionSecurity(ConnectionSecurity.StartTls.REQUIRED,
                    new PeerCheck.WebPki(host, TlsOutcome.STS_VERIFIED, true), true, governing))
                : new HostSecurity.Skip(DeliveryResult.temporaryFailure("4.7.5",
                    "MX host " + host + " is not listed in the MTA-STS policy of " + domain));
        };
    }

    private DestinationPlan danePlan(String domain, boolean viaMx) {
        DaneLookup.Security mx = viaMx ? dane.mxSecurity(domain) : new DaneLookup.Security.Secure();
        return switch (mx) {
            case DaneLookup.Security.Insecure insecure -> stsPlan(domain);
            case DaneLookup.Security.Failed failed -> (host, port) -> new HostSecurity.Skip(DeliveryResult.temporaryFailure("4.7.5",
                "DNSSEC validation of the MX records of " + domain + " failed: " + failed.detail()));
            case DaneLookup.Security.Secure secure -> new DanePlan(domain, viaMx);
        };
    }

    /**
     * DANE where a host has signed TLSA records; for the others, the domain's MTA-STS policy (fetched once)
     * when they are its MX hosts, else as {@link TlsPolicy#MAY}.
     */
    private final class DanePlan implements DestinationPlan {
        private final String domain;
        private final boolean viaMx;
        private DestinationPlan fallback;

        DanePlan(String domain, boolean viaMx) {
            this.domain = domain;
            this.viaMx = viaMx;
        }

        @Override
        public HostSecurity forHost(String host, int port) {
            return switch (dane.tlsa(host, port)) {
                case TlsaAnswer.Absent absent -> fallback().forHost(host, port);
                case TlsaAnswer.Failed failed -> {
                    results.record(tlsaPolicy(List.of()), host, "", Optional.of("dnssec-invalid"));
                    yield new HostSecurity.Skip(DeliveryResult.temporaryFailure("4.7.5",
                        "DNSSEC validation of the TLSA records of " + host + " failed: " + failed.detail()));
                }
                case TlsaAnswer.Secure secure -> new HostSecurity.Connect(withTlsa(host, secure.records()));
            };
        }

        /** All records unusable: TLS is still required, without authentication (RFC 7672 section 2.2). */
        private ConnectionSecurity withTlsa(String host, List<Tlsa> records) {
            List<Tlsa> usable = records.stream().filter(Tlsa::isUsable).toList();
            Optional<GoverningPolicy> governing = Optional.of(tlsaPolicy(records));
            return usable.isEmpty()
                ? new ConnectionSecurity(ConnectionSecurity.StartTls.REQUIRED, new PeerCheck.AnyCertificate(), false, governing)
                : new ConnectionSecurity(ConnectionSecurity.StartTls.REQUIRED, new PeerCheck.Dane(usable, host), true, governing);
        }

        private GoverningPolicy tlsaPolicy(List<Tlsa> records) {
            return new GoverningPolicy("tlsa", domain, records.stream().map(Tlsa::toString).toList(), List.of());
        }

        private DestinationPlan fallback() {
            if (fallback == null) {
                fallback = viaMx ? stsPlan(domain) : DestinationPlan.always(ConnectionSecurity.OPPORTUNISTIC);
            }
            return fallback;
        }
    }
}
