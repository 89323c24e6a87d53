package dev.mailserver.storage.users;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * Password hashes in the PHC string format: new ones are Argon2id ({@code $argon2id$v=19$m=19456,t=2,p=1$...},
 * the OWASP parameters: 19 MiB, 2 passes); bcrypt hashes ({@code $2a$}, {@code $2b$}, {@code $2y$}) made
 * elsewhere, e.g. by {@code htpasswd -B}, are accepted too. Either may carry Dovecot's scheme prefix,
 * {@code {ARGON2ID}} or {@code {BLF-CRYPT}}, so that one file serves as our users file and as Dovecot's
 * {@code passwd-file} (see docs/local-delivery.md).
 */
final class PasswordHashes {
    private static final Argon2PasswordEncoder ARGON2 = new Argon2PasswordEncoder(16, 32, 1, 19 * 1024, 2);
    private static final BCryptPasswordEncoder BCRYPT = new BCryptPasswordEncoder();
    /** Checked for unknown users so that a failed login takes as long whether or not the user exists. */
    private static final String DECOY = ARGON2.encode("decoy password for unknown users");

    private PasswordHashes() {
    }

    static String hash(String password) {
        return ARGON2.encode(password);
    }

    static boolean matches(String password, String storedHash) {
        String hash = withoutScheme(storedHash);
        if (hash.startsWith("$argon2id$")) {
            return ARGON2.matches(password, hash);
        }
        if (isBcrypt(hash)) {
            return BCRYPT.matches(password, hash);
        }
        return false;
    }

    private static String withoutScheme(String hash) {
        for (String scheme : new String[] {"{ARGON2ID}", "{BLF-CRYPT}"}) {
            if (hash.startsWith(scheme)) {
                return hash.substring(scheme.length());
            }
        }
        return hash;
    }

    /** Spends the time of a real check, then fails. */
    static boolean matchesNothing(String password) {
        ARGON2.matches(password, DECOY);
        return false;
    }

    private static boolean isBcrypt(String hash) {
        return hash.startsWith("$2a$") || hash.startsWith("$2b$") || hash.startsWith("$2y$");
    }
}
