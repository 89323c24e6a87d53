package dev.mailserver.delivery.sts;

import java.util.Objects;

/** What looking for a domain's MTA-STS policy came to. */
public sealed interface StsLookup {

    /** The domain publishes no policy (no {@code _mta-sts} TXT record). */
    record NoPolicy() implements StsLookup {
    }

    record Found(StsPolicy policy) implements StsLookup {
        public Found {
            Objects.requireNonNull(policy, "policy");
        }
    }

    /**
     * The domain announces a policy that could not be fetched or read, and none is cached: mail goes as if
     * there were none (RFC 8461 section 5), and the failure is reported.
     *
     * @param resultType {@code sts-policy-fetch-error} or {@code sts-policy-invalid} (RFC 8460 section 4.3.2)
     */
    record Failed(String resultType, String detail) implements StsLookup {
        public Failed {
            Objects.requireNonNull(resultType, "resultType");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
