package dev.mailserver.app.cli.dkim;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import dev.mailserver.app.cli.CommandFailure;
import dev.mailserver.app.cli.ConfigOption;
import dev.mailserver.auth.dkim.DkimAlgorithm;
import dev.mailserver.auth.dkim.DkimKeyStore;

/** {@code mailserver dkim keygen DOMAIN SELECTOR}: a new key, and the TXT record to publish. */
@Command(name = "keygen", mixinStandardHelpOptions = true,
    description = "Make a DKIM signing key for DOMAIN under SELECTOR in <data-dir>/dkim/DOMAIN/SELECTOR.key (mode 0600) "
        + "and print the DNS TXT record to publish. Mail of DOMAIN is signed with every key of the domain.")
final class DkimKeygenCommand implements Callable<Integer> {
    private static final int MINIMUM_RSA_BITS = 1024;

    @Mixin
    private ConfigOption configOption;

    @Parameters(index = "0", paramLabel = "DOMAIN", description = "the signing domain (d=)")
    private String domain;

    @Parameters(index = "1", paramLabel = "SELECTOR", description = "the selector (s=), e.g. 2026a")
    private String selector;

    @Option(names = "--type", paramLabel = "rsa|ed25519", defaultValue = "rsa",
        description = "the key type: rsa (understood everywhere) or ed25519 (RFC 8463); default ${DEFAULT-VALUE}")
    private String type;

    @Option(names = "--bits", paramLabel = "N", defaultValue = "2048", description = "the RSA key size; default ${DEFAULT-VALUE}")
    private int bits;

    @Override
    public Integer call() throws IOException {
        DkimAlgorithm algorithm = DkimAlgorithm.ofKeyType(type)
            .orElseThrow(() -> CommandFailure.badInput("--type is rsa or ed25519, not \"" + type + "\""));
        if (algorithm == DkimAlgorithm.RSA_SHA256 && (bits < MINIMUM_RSA_BITS || bits > 8192)) {
            throw CommandFailure.badInput("--bits must be between " + MINIMUM_RSA_BITS + " and 8192 (verifiers refuse shorter keys), not " + bits);
        }
        DkimKeyStore store = new DkimKeyStore(configOption.load().dkimDir());
        DkimKeyStore.CreatedKey key;
        try {
            key = store.create(domain.toLowerCase(Locale.ROOT), selector, algorithm, bits);
        } catch (IllegalArgumentException e) {
            throw CommandFailure.badInput(e.getMessage());
        } catch (FileAlreadyExistsException e) {
            throw CommandFailure.failed(e.getFile() + ": " + e.getReason());
        }
        System.out.println("Wrote " + key.file());
        System.out.println("Publish this TXT record:");
        System.out.println(key.recordName() + ". IN TXT " + quoted(key.record()));
        return 0;
    }

    /** The record as zone-file strings of at most 255 characters each. */
    private static String quoted(String record) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < record.length(); i += 255) {
            if (i > 0) {
                out.append(' ');
            }
            out.append('"').append(record, i, Math.min(record.length(), i + 255)).append('"');
        }
        return out.toString();
    }
}
