package dev.mailserver.smtp.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Makes a self-signed certificate (ECDSA P-256, one year) with the host name as subject and DNS name. */
final class SelfSignedCertificates {
    static final Duration VALIDITY = Duration.ofDays(365);

    private SelfSignedCertificates() {
    }

    static void write(String hostname, Path certificateFile, Path keyFile) throws IOException {
        write(hostname, certificateFile, keyFile, VALIDITY);
    }

    /** Whether the certificate in the PEM file is no longer valid at {@code instant}. */
    static boolean expiresBefore(Path certificateFile, Instant instant) throws IOException {
        try (InputStream in = Files.newInputStream(certificateFile)) {
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            return certificate.getNotAfter().toInstant().isBefore(instant);
        } catch (CertificateException | ClassCastException e) {
            throw new IOException(certificateFile + " holds no PEM certificate: " + e.getMessage(), e);
        }
    }

    static void write(String hostname, Path certificateFile, Path keyFile, Duration validity) throws IOException {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair keys = generator.generateKeyPair();
            Instant now = Instant.now();
            X500Principal subject = new X500Principal("CN=" + hostname);
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, new BigInteger(64, new SecureRandom()),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(validity)), subject, keys.getPublic())
                .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.dNSName, hostname)));
            var certificate = builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
            Files.createDirectories(certificateFile.toAbsolutePath().getParent());
            writePem(keyFile, new JcaPKCS8Generator(keys.getPrivate(), null));
            writePem(certificateFile, certificate);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot generate a self-signed certificate: " + e.getMessage(), e);
        }
    }

    private static void writePem(Path file, Object pemObject) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer out = Files.newBufferedWriter(temporary, StandardCharsets.US_ASCII); JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(pemObject);
        }
        try {
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the data directory's permissions protect the key.
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
    }
}
