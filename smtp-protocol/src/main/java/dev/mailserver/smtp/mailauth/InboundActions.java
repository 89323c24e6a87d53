package dev.mailserver.smtp.mailauth;

/**
 * What the MTA does with the DMARC verdict besides recording it in Authentication-Results.
 *
 * @param rejectOnDmarcReject refuse mail that fails DMARC of a domain with p=reject ({@code 550 5.7.1})
 * @param quarantineOnDmarcQuarantine file mail that fails DMARC of a domain with p=quarantine into Junk
 * @param deferOnTemporaryError answer {@code 451 4.7.1} when DNS failures leave DMARC undecided
 */
public record InboundActions(boolean rejectOnDmarcReject, boolean quarantineOnDmarcQuarantine, boolean deferOnTemporaryError) {
    /** Record only (the default). */
    public static final InboundActions RECORD_ONLY = new InboundActions(false, false, false);
}
