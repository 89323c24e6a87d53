package dev.mailserver.delivery.testing;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A test certificate authority made in memory with Bouncy Castle: it issues server certificates for
 * host names; {@link #selfSigned} makes certificates that no authority vouches for.
 */
public final class TestCa {
    private static final char[] PASSWORD = "test".toCharArray();
    private static final AtomicLong SERIALS = new AtomicLong(System.currentTimeMillis());

    private final KeyPair key;
    private final X509Certificate certificate;

    private TestCa(KeyPair key, X509Certificate certificate) {
        this.key = key;
        this.certificate = certificate;
    }

    public static TestCa create(String name) throws GeneralSecurityException {
        KeyPair key = keyPair();
        return new TestCa(key, build(new X500Name("CN=" + name), key, key, new X500Name("CN=" + name), true, Duration.ofDays(2)));
    }

    /** A server certificate for the names (DNS names, or IP literals), signed by this authority. */
    public Issued issue(String... names) throws GeneralSecurityException {
        return issue(Duration.ofDays(2), names);
    }

    /** One that is valid for {@code validity} from now: a negative one has expired. */
    public Issued issue(Duration validity, String... names) throws GeneralSecurityException {
        KeyPair server = keyPair();
        X509Certificate leaf = build(new X500Name("CN=" + names[0]), server, key, new X500Name(certificate.getSubjectX500Principal().getName()),
            false, validity, names);
        return new Issued(server, new X509Certificate[] {leaf, certificate});
    }

    public static Issued selfSigned(String... names) throws GeneralSecurityException {
        KeyPair server = keyPair();
        X500Name subject = new X500Name("CN=" + names[0]);
        return new Issued(server, new X509Certificate[] {build(subject, server, server, subject, false, Duration.ofDays(2), names)});
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** A trust store holding just this authority. */
    public KeyStore trustStore() throws GeneralSecurityException {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", certificate);
            return trust;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A key and its chain, server certificate first. */
    public record Issued(KeyPair key, X509Certificate[] chain) {
        public SSLContext serverContext() throws GeneralSecurityException {
            try {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setKeyEntry("server", key.getPrivate(), PASSWORD, chain);
                KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(store, PASSWORD);
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(keys.getKeyManagers(), null, null);
                return context;
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }

        public X509Certificate certificate() {
            return chain[0];
        }
    }

    private static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static X509Certificate build(X500Name subject, KeyPair subjectKey, KeyPair issuerKey, X500Name issuer, boolean ca,
                                         Duration validity, String... names) throws GeneralSecurityException {
        Instant until = Instant.now().plus(validity);
        Instant from = (validity.isNegative() ? until : Instant.now()).minus(Duration.ofDays(1));
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIALS.incrementAndGet()),
                Date.from(from), Date.from(until),
                subject, subjectKey.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            if (names.length > 0) {
                GeneralName[] alternatives = new GeneralName[names.length];
                for (int i = 0; i < names.length; i++) {
                    alternatives[i] = names[i].matches("[0-9.]+")
                        ? new GeneralName(GeneralName.iPAddress, names[i])
                        : new GeneralName(GeneralName.dNSName, names[i]);
                }
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(alternatives));
            }
            return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate())));
        } catch (OperatorCreationException | org.bouncycastle.cert.CertIOException e) {
            throw new IllegalStateException("cannot make a test certificate", e);
        }
    }
}
