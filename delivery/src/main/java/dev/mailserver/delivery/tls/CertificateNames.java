package dev.mailserver.delivery.tls;

import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

import org.xbill.DNS.Address;

/**
 * Whether a certificate names a host (RFC 6125): its subjectAltName DNS names, with a wildcard allowed as
 * the whole left-most label, or its IP addresses for an IP literal. The subject's CN is not looked at.
 */
public final class CertificateNames {
    private static final int DNS_NAME = 2;
    private static final int IP_ADDRESS = 7;

    private CertificateNames() {
    }

    public static boolean names(X509Certificate certificate, String host) {
        Collection<List<?>> alternatives;
        try {
            alternatives = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return false;
        }
        if (alternatives == null) {
            return false;
        }
        boolean literal = Address.isDottedQuad(host) || Address.toByteArray(host, Address.IPv6) != null;
        for (List<?> alternative : alternatives) {
            int type = (Integer) alternative.get(0);
            String value = String.valueOf(alternative.get(1));
            if (literal ? type == IP_ADDRESS && sameAddress(value, host) : type == DNS_NAME && matches(value, host)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code pattern} ({@code mx.example.org} or {@code *.example.org}) matches {@code host}. */
    public static boolean matches(String pattern, String host) {
        String wanted = normalized(pattern);
        String name = normalized(host);
        if (wanted.startsWith("*.")) {
            int dot = name.indexOf('.');
            return dot > 0 && name.substring(dot).equals(wanted.substring(1));
        }
        return wanted.equals(name);
    }

    private static String normalized(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    private static boolean sameAddress(String a, String b) {
        try {
            return Address.getByAddress(a).equals(Address.getByAddress(b));
        } catch (UnknownHostException e) {
            return false;
        }
    }

}
