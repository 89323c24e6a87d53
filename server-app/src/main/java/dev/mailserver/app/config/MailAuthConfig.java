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
 * @param recordReports whether the DMARC outcomes of checked mail are kept in {@code <data-dir>/dmarc} (for the admin API and reports)
 * @param sendReports whether a daily aggregate report goes to each domain that asks for one (rua=)
 * @param reportsFrom the From address of our reports
 * @param keepReports how long the kept outcomes stay
 */
public record MailAuthConfig(boolean inbound, String authservId, boolean reject, boolean quarantine, boolean deferOnTemporaryError,
                             Duration timeLimit, int maxDkimSignatures, boolean signing, Duration signatureValidity,
                             boolean recordReports, boolean sendReports, String reportsFrom, Duration keepReports) {
}
