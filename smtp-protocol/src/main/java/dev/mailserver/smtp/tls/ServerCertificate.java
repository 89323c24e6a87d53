package dev.mailserver.smtp.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificate chain and private key the listeners present, read from PEM files, and the TLS context
 * made from them. The files are checked for changes at most every few seconds, when a connection needs
 * the context; a changed pair is loaded without a restart (a certificate renewed by an ACME client is
 * used for the next connections), and a pair that fails to load leaves the previous one in use. Client-
 * initiated renegotiation is refused (the JDK's {@code jdk.tls.rejectClientInitiatedRenegotiation}).
 */
public final class ServerCertificate {
    private static final Logger LOGGER = LoggerFactory.getLogger(ServerCertificate.class);
    private static final Duration CHECK_INTERVAL = Duration.ofSeconds(5);
    /** A self-signed certificate with less time than this left is made anew at start. */
    static final Duration RENEW_BEFORE = Duration.ofDays(30);
    private static final String REJECT_RENEGOTIATION = "jdk.tls.rejectClientInitiatedRenegotiation";

    static {
        // Before any server TLS context exists, so that it holds however the server is started (no launcher
        // flag needed); a value given on the command line is kept.
        if (System.getProperty(REJECT_RENEGOTIATION) == null) {
            System.setProperty(REJECT_RENEGOTIATION, "true");
        }
    }

    private final Path certificateFile;
    private final Path keyFile;
    private final Clock clock;
    private final AtomicBoolean checking = new AtomicBoolean();
    private volatile SSLContext context;
    private List<Object> loadedVersion;
    private volatile Instant nextCheck;

    private ServerCertificate(Path certificateFile, Path keyFile, Clock clock) {
        this.certificateFile = certificateFile;
        this.keyFile = keyFile;
        this.clock = clock;
    }

    /**
     * Loads the PEM certificate chain (leaf first) and its private key (PKCS#8, PKCS#1 RSA or SEC1 EC).
     *
     * @throws IOException when a file is missing or does not hold what it should, with the file named
     */
    public static ServerCertificate fromPemFiles(Path certificateFile, Path keyFile) throws IOException {
        return fromPemFiles(certificateFile, keyFile, Clock.systemUTC());
    }

    static ServerCertificate fromPemFiles(Path certificateFile, Path keyFile, Clock clock) throws IOException {
        ServerCertificate certificate = new ServerCertificate(certificateFile, keyFile, clock);
        certificate.load();
        return certificate;
    }

    /**
     * The certificate in {@code directory}, made there as a self-signed one for {@code hostname} (valid
     * for a year) if there is none yet, or made anew when it has less than {@link #RENEW_BEFORE} left:
     * good for testing and for opportunistic TLS between servers, not for clients that verify certificates.
     */
    public static ServerCertificate selfSigned(Path directory, String hostname) throws IOException {
        Path certificateFile = directory.resolve("self-signed-cert.pem");
        Path keyFile = directory.resolve("self-signed-key.pem");
        if (!Files.exists(certificateFile) || !Files.exists(keyFile)) {
            SelfSignedCertificates.write(hostname, certificateFile, keyFile);
            LOGGER.warn("No TLS certificate configured: generated a self-signed certificate for {} in {}; "
                + "set mailserver.smtp.tls.certificate-file and key-file to use a real one", hostname, certificateFile);
        } else if (SelfSignedCertificates.expiresBefore(certificateFile, Instant.now().plus(RENEW_BEFORE))) {
            SelfSignedCertificates.write(hostname, certificateFile, keyFile);
            LOGGER.warn("The self-signed TLS certificate {} expired or had less than {} days left: made a new one", certificateFile,
                RENEW_BEFORE.toDays());
        } else {
            LOGGER.info("No TLS certificate configured: using the self-signed certificate {}", certificateFile);
        }
        return fromPemFiles(certificateFile, keyFile);
    }

    /**
     * The current TLS context. At most every {@link #CHECK_INTERVAL} a call also has the files looked at,
     * off the calling thread (an SMTP IO thread must not touch the disk); a replaced certificate is
     * presented once it has been loaded, from the next handshake on.
     */
    public SSLContext context() {
        if (clock.instant().isAfter(nextCheck) && checking.compareAndSet(false, true)) {
            CompletableFuture.runAsync(this::reloadIfChanged).whenComplete((ignored, failure) -> checking.set(false));
        }
        return context;
    }

    /** Loads the files again if they changed; a broken replacement leaves the loaded certificate in use. */
    synchronized void reloadIfChanged() {
        nextCheck = clock.instant().plus(CHECK_INTERVAL);
        try {
            if (!version().equals(loadedVersion)) {
                load();
            }
        } catch (IOException e) {
            LOGGER.error("Cannot reload the TLS certificate ({}); still using the one loaded before", e.getMessage());
        }
    }

    private void load() throws IOException {
        List<Object> version = version();
        X509Certificate[] chain = readCertificates();
        PrivateKey key = readPrivateKey();
        try {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(null, null);
            keyStore.setKeyEntry("server", key, new char[0], chain);
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keyStore, new char[0]);
            SSLContext loaded = SSLContext.getInstance("TLS");
            loaded.init(keyManagers.getKeyManagers(), null, null);
            context = loaded;
        } catch (GeneralSecurityException e) {
            throw new IOException("the key in " + keyFile + " does not go with the certificate in " + certificateFile + ": " + e.getMessage(), e);
        }
        loadedVersion = version;
        nextCheck = clock.instant().plus(CHECK_INTERVAL);
        LOGGER.info("TLS certificate loaded from {}: {}, valid until {}", certificateFile,
            chain[0].getSubjectX500Principal().getName(), chain[0].getNotAfter().toInstant());
    }

    private List<Object> version() throws IOException {
        return List.of(Files.getLastModifiedTime(certificateFile), Files.size(certificateFile),
            Files.getLastModifiedTime(keyFile), Files.size(keyFile));
    }

    private X509Certificate[] readCertificates() throws IOException {
        try (InputStream in = Files.newInputStream(certificateFile)) {
            List<? extends Certificate> certificates = List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
            if (certificates.isEmpty()) {
                throw new IOException(certificateFile + " holds no PEM certificate");
            }
            return certificates.toArray(new X509Certificate[0]);
        } catch (GeneralSecurityException e) {
            throw new IOException(certificateFile + " does not hold PEM certificates: " + e.getMessage(), e);
        }
    }

    private PrivateKey readPrivateKey() throws IOException {
        try (Reader reader = Files.newBufferedReader(keyFile, StandardCharsets.US_ASCII); PEMParser parser = new PEMParser(reader)) {
            Object pem = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (pem instanceof PEMKeyPair pair) {
                return converter.getPrivateKey(pair.getPrivateKeyInfo());
            }
            if (pem instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            throw new IOException(keyFile + " holds no unencrypted PEM private key");
        }
    }
}
