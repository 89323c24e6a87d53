package dev.mailserver.delivery.dane;

import java.util.HexFormat;

/**
 * One TLSA record (RFC 6698 section 2): which certificate it names and how.
 *
 * @param usage 2 DANE-TA (a trust anchor of the chain) or 3 DANE-EE (the server's own certificate); 0 and 1
 *     (PKIX-TA, PKIX-EE) are not used for SMTP (RFC 7672 section 3.1.3)
 * @param selector 0 the whole certificate, 1 its public key (SubjectPublicKeyInfo)
 * @param matching 0 the data itself, 1 its SHA-256, 2 its SHA-512
 */
public record Tlsa(int usage, int selector, int matching, byte[] data) {
    public static final int DANE_TA = 2;
    public static final int DANE_EE = 3;

    public Tlsa {
        data = data.clone();
    }

    /** Whether an SMTP client can use it (RFC 7672 section 3.1). */
    public boolean isUsable() {
        return (usage == DANE_TA || usage == DANE_EE) && (selector == 0 || selector == 1) && matching >= 0 && matching <= 2;
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    /** As in a zone file: {@code 3 1 1 <hex>}. */
    @Override
    public String toString() {
        return usage + " " + selector + " " + matching + " " + HexFormat.of().formatHex(data);
    }
}
