package dev.mailserver.auth.dmarc;

import java.util.Objects;
import java.util.Optional;

/**
 * What DMARC made of a message.
 *
 * @param fromDomain the author domain (RFC5322.From), empty when the From field has none or several
 * @param policyDomain the domain whose record applied (the author domain or its organizational domain), or empty
 * @param requested the policy the record asks for this message (p=, sp= or np=), NONE without a record
 * @param disposition what to do: the requested policy when the message failed and pct= picked it, else NONE
 * @param reason what decided it, for logs and the header comment
 * @param record the record that applied, empty without one
 */
public record DmarcResult(DmarcStatus status, String fromDomain, String policyDomain, DmarcPolicy requested,
                          DmarcPolicy disposition, boolean dkimAligned, boolean spfAligned, String reason,
                          Optional<DmarcRecord> record) {
    public DmarcResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(fromDomain, "fromDomain");
        Objects.requireNonNull(policyDomain, "policyDomain");
        Objects.requireNonNull(requested, "requested");
        Objects.requireNonNull(disposition, "disposition");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(record, "record");
    }

    /** A result that applies no policy. */
    public static DmarcResult without(DmarcStatus status, String fromDomain, String reason) {
        return new DmarcResult(status, fromDomain, "", DmarcPolicy.NONE, DmarcPolicy.NONE, false, false, reason, Optional.empty());
    }
}
