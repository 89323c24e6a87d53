package dev.mailserver.auth.dkim;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The signing keys kept in a directory: {@code <dir>/<domain>/<selector>.key}, PKCS#8 PEM, mode 0600,
 * beside {@code <selector>.txt} with the DNS record to publish.
 */
public final class DkimKeyStore {
    private static final String KEY_SUFFIX = ".key";

    private final Path directory;

    public DkimKeyStore(Path directory) {
        this.directory = directory;
    }

    /** A key made by {@link #create}: where it is and what to publish. */
    public record CreatedKey(Path file, String recordName, String record) {
    }

    /** Makes a key; refuses to replace one that exists. */
    public CreatedKey create(String domain, String selector, DkimAlgorithm algorithm, int rsaBits) throws IOException {
        String lowerDomain = domain.toLowerCase(Locale.ROOT);
        if (!selector.matches("[A-Za-z0-9][A-Za-z0-9\\-_]*(\\.[A-Za-z0-9][A-Za-z0-9\\-_]*)*")) {
            throw new IllegalArgumentException("\"" + selector + "\" is not a selector (letters, digits, '-', '_', dots between)");
        }
        Path file = directory.resolve(lowerDomain).resolve(selector + KEY_SUFFIX);
        if (Files.exists(file)) {
            throw new FileAlreadyExistsException(file.toString(), null, "a key for this domain and selector exists already");
        }
        KeyPair pair = DkimKeys.generate(algorithm, rsaBits);
        DkimKeys.writePrivateKey(pair.getPrivate(), file);
        String record = DkimKeys.txtRecord(algorithm, pair.getPublic());
        Files.writeString(directory.resolve(lowerDomain).resolve(selector + ".txt"), record + "\n");
        return new CreatedKey(file, selector + "._domainkey." + lowerDomain, record);
    }

    /** Every key of every domain. */
    public List<DkimSigningKey> load() throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<DkimSigningKey> keys = new ArrayList<>();
        try (Stream<Path> domains = Files.list(directory)) {
            for (Path domain : domains.filter(Files::isDirectory).sorted().toList()) {
                keys.addAll(keys(domain.getFileName().toString()));
            }
        }
        return keys;
    }

    /** The keys of one domain, by selector. */
    public List<DkimSigningKey> keys(String domain) throws IOException {
        Path domainDirectory = directory.resolve(domain.toLowerCase(Locale.ROOT));
        if (!Files.isDirectory(domainDirectory)) {
            return List.of();
        }
        List<DkimSigningKey> keys = new ArrayList<>();
        try (Stream<Path> files = Files.list(domainDirectory)) {
            for (Path file : files.filter(path -> path.getFileName().toString().endsWith(KEY_SUFFIX)).sorted().toList()) {
                String name = file.getFileName().toString();
                keys.add(DkimKeys.readSigningKey(file, domain, name.substring(0, name.length() - KEY_SUFFIX.length())));
            }
        }
        return keys;
    }
}
