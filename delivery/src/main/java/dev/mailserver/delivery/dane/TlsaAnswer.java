package dev.mailserver.delivery.dane;

import java.util.List;
import java.util.Objects;

/** The TLSA records of a host, as DANE may use them. */
public sealed interface TlsaAnswer {

    /** Signed TLSA records: the host must match them. */
    record Secure(List<Tlsa> records) implements TlsaAnswer {
        public Secure {
            records = List.copyOf(records);
        }
    }

    /** No TLSA records, or none that DNSSEC vouches for: DANE does not apply to the host. */
    record Absent() implements TlsaAnswer {
    }

    /** Bogus or failed: the host cannot be used now (RFC 7672 section 2.2). */
    record Failed(String detail) implements TlsaAnswer {
        public Failed {
            Objects.requireNonNull(detail, "detail");
        }
    }
}
