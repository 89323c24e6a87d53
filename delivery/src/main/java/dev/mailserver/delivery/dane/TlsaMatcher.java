package dev.mailserver.delivery.dane;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.mailserver.delivery.tls.CertificateFailure;
import dev.mailserver.delivery.tls.CertificateNames;

/**
 * Checks a server's chain against its TLSA records (RFC 7672 section 3.1): DANE-EE(3) matches the
 * server's own certificate, with no name or expiry checks; DANE-TA(2) matches a certificate of the chain,
 * which must then lead to the server's certificate, and that must name the host.
 */
public final class TlsaMatcher {

    private TlsaMatcher() {
    }

    public static Optional<CertificateFailure> check(X509Certificate[] chain, List<Tlsa> records, String hostName) {
        for (Tlsa record : records) {
            if (!record.isUsable()) {
                continue;
            }
            if (record.usage() == Tlsa.DANE_EE && matches(record, chain[0])) {
                return Optional.empty();
            }
            if (record.usage() == Tlsa.DANE_TA) {
                for (int i = 1; i < chain.length; i++) {
                    if (matches(record, chain[i]) && leadsTo(chain, i) && CertificateNames.names(chain[0], hostName)) {
                        return Optional.empty();
                    }
                }
            }
        }
        return Optional.of(new CertificateFailure("validation-failure", "no TLSA record of " + hostName + " matches its certificate chain"));
    }

    static boolean matches(Tlsa record, X509Certificate certificate) {
        try {
            byte[] selected = record.selector() == 0 ? certificate.getEncoded() : certificate.getPublicKey().getEncoded();
            byte[] compared = switch (record.matching()) {
                case 1 -> MessageDigest.getInstance("SHA-256").digest(selected);
                case 2 -> MessageDigest.getInstance("SHA-512").digest(selected);
                default -> selected;
            };
            return MessageDigest.isEqual(compared, record.data());
        } catch (CertificateEncodingException | java.security.NoSuchAlgorithmException e) {
            return false;
        }
    }

    /** Whether the certificates below {@code anchor} in the chain form a valid path from it. */
    private static boolean leadsTo(X509Certificate[] chain, int anchor) {
        try {
            PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(chain[anchor], null)));
            parameters.setRevocationEnabled(false);
            CertPathValidator.getInstance("PKIX").validate(
                CertificateFactory.getInstance("X.509").generateCertPath(Arrays.asList(chain).subList(0, anchor)), parameters);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
