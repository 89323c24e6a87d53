package dev.mailserver.storage.sieve;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** The Maildir info flags of IMAP system flags, as Dovecot reads them; keywords have no letter here and are left out. */
final class MaildirFlags {
    private static final Map<String, Character> LETTERS = Map.of("\\draft", 'D', "\\flagged", 'F', "\\answered", 'R', "\\seen", 'S',
        "\\deleted", 'T');

    private MaildirFlags() {
    }

    /** The letters in ASCII order, as Maildir wants them; empty for none. */
    static String of(Set<String> flags) {
        return flags.stream().map(flag -> LETTERS.get(flag.toLowerCase(Locale.ROOT))).filter(Objects::nonNull).sorted().distinct()
            .map(String::valueOf).reduce("", String::concat);
    }
}
