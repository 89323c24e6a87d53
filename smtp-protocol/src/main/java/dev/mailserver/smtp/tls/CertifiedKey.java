package dev.mailserver.smtp.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/** A private key and the certificate chain (leaf first) presented with it. */
public record CertifiedKey(PrivateKey key, List<X509Certificate> chain) {
    public CertifiedKey {
        chain = List.copyOf(chain);
    }
}
