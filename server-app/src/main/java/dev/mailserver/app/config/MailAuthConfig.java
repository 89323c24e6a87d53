package dev.mailserver.app.config;

import java.time.Duration;

/**
 * The settings of {@code mailserver.mail-auth}, read and checked by {@link MailAuthConfigLoader}.
 *
 * @param inbound whether MTA listeners check SPF, DKIM and DMARC
 * @param authservId the name in our Authentication-Results fields
 * @param reject refuse mail failing DMARC of a domain with p=reject
 * @param quarantine file mail failing DMARC of a domain with p=quarantine into Junk
 * @param deferOnTemporaryError 451 when DNS failures leave DMARC undecided
 * @param timeLimit the time limit of all checks of one message
 * @param maxDkimSignatures the DKIM signatures checked per message
 * @param signing whether submitted and sendmail mail is DKIM-signed (with the keys in {@code <data-dir>/dkim})
 * @param signatureValidity x= of our signatures, {@link Duration#ZERO} for none
 */
public record MailAuthConfig(boolean inbound, String authservId, boolean reject, boolean quarantine, boolean deferOnTemporaryError,
                             Duration timeLimit, int maxDkimSignatures, boolean signing, Duration signatureValidity) {
}
