package dev.mailserver.storage.sieve;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The commands, tests and capabilities this interpreter knows: RFC 5228 with the extensions {@code fileinto},
 * {@code envelope}, {@code reject} and {@code ereject} (RFC 5429), {@code vacation} (RFC 5230), {@code mailbox}
 * ({@code :create}, RFC 5490), {@code subaddress} (RFC 5233), {@code copy} (RFC 3894) and {@code imap4flags}
 * (RFC 5232); with each one's arguments.
 */
final class Grammar {
    /** What a positional argument or a tag's value must be. */
    enum Kind { STRING, STRINGS, NUMBER }

    /** How many tests a command or test takes. */
    enum Tests { NONE, ONE, LIST }

    /**
     * @param capability what {@code require} must name before it is used; empty for the base language
     * @param tags the tags allowed and the kind of value each takes (empty for none)
     * @param positional the positional arguments, in order
     * @param block whether it is a control command with a block
     */
    record Spec(Optional<String> capability, Map<String, Optional<Kind>> tags, List<Kind> positional, Tests tests,
                boolean block) {
    }

    static final List<String> MATCH_TYPES = List.of("is", "contains", "matches");
    static final List<String> ADDRESS_PARTS = List.of("all", "localpart", "domain", "user", "detail");
    static final List<String> SIZE_LIMITS = List.of("over", "under");
    static final Set<String> COMPARATORS = Set.of("i;ascii-casemap", "i;octet");

    /** The capability each tag needs beyond the one of its command. */
    static final Map<String, String> TAG_CAPABILITIES = Map.of("user", "subaddress", "detail", "subaddress", "copy", "copy",
        "create", "mailbox", "flags", "imap4flags");

    static final Set<String> CAPABILITIES = Set.of("fileinto", "envelope", "reject", "ereject", "vacation", "mailbox", "subaddress",
        "copy", "imap4flags", "comparator-i;octet", "comparator-i;ascii-casemap");

    private static final Optional<Kind> NO_VALUE = Optional.empty();
    private static final Map<String, Optional<Kind>> MATCHING = Map.of("comparator", Optional.of(Kind.STRING), "is", NO_VALUE,
        "contains", NO_VALUE, "matches", NO_VALUE);
    private static final Map<String, Optional<Kind>> ADDRESS_MATCHING = Map.of("comparator", Optional.of(Kind.STRING), "is", NO_VALUE,
        "contains", NO_VALUE, "matches", NO_VALUE, "all", NO_VALUE, "localpart", NO_VALUE, "domain", NO_VALUE, "user", NO_VALUE,
        "detail", NO_VALUE);

    static final Map<String, Spec> COMMANDS = Map.ofEntries(
        Map.entry("require", base(Map.of(), List.of(Kind.STRINGS))),
        Map.entry("if", control(Tests.ONE)),
        Map.entry("elsif", control(Tests.ONE)),
        Map.entry("else", control(Tests.NONE)),
        Map.entry("stop", base(Map.of(), List.of())),
        Map.entry("keep", base(Map.of("flags", Optional.of(Kind.STRINGS)), List.of())),
        Map.entry("discard", base(Map.of(), List.of())),
        Map.entry("redirect", base(Map.of("copy", NO_VALUE), List.of(Kind.STRING))),
        Map.entry("fileinto", extension("fileinto", Map.of("copy", NO_VALUE, "create", NO_VALUE, "flags", Optional.of(Kind.STRINGS)),
            List.of(Kind.STRING))),
        Map.entry("reject", extension("reject", Map.of(), List.of(Kind.STRING))),
        Map.entry("ereject", extension("ereject", Map.of(), List.of(Kind.STRING))),
        Map.entry("vacation", extension("vacation", Map.of("days", Optional.of(Kind.NUMBER), "subject", Optional.of(Kind.STRING),
            "from", Optional.of(Kind.STRING), "addresses", Optional.of(Kind.STRINGS), "mime", NO_VALUE, "handle", Optional.of(Kind.STRING)),
            List.of(Kind.STRING))),
        Map.entry("setflag", extension("imap4flags", Map.of(), List.of(Kind.STRINGS))),
        Map.entry("addflag", extension("imap4flags", Map.of(), List.of(Kind.STRINGS))),
        Map.entry("removeflag", extension("imap4flags", Map.of(), List.of(Kind.STRINGS))));

    static final Map<String, Spec> TESTS = Map.ofEntries(
        Map.entry("true", base(Map.of(), List.of())),
        Map.entry("false", base(Map.of(), List.of())),
        Map.entry("not", new Spec(Optional.empty(), Map.of(), List.of(), Tests.ONE, false)),
        Map.entry("allof", new Spec(Optional.empty(), Map.of(), List.of(), Tests.LIST, false)),
        Map.entry("anyof", new Spec(Optional.empty(), Map.of(), List.of(), Tests.LIST, false)),
        Map.entry("exists", base(Map.of(), List.of(Kind.STRINGS))),
        Map.entry("size", base(Map.of("over", NO_VALUE, "under", NO_VALUE), List.of(Kind.NUMBER))),
        Map.entry("header", base(MATCHING, List.of(Kind.STRINGS, Kind.STRINGS))),
        Map.entry("address", base(ADDRESS_MATCHING, List.of(Kind.STRINGS, Kind.STRINGS))),
        Map.entry("envelope", extension("envelope", ADDRESS_MATCHING, List.of(Kind.STRINGS, Kind.STRINGS))),
        Map.entry("hasflag", new Spec(Optional.of("imap4flags"), MATCHING, List.of(Kind.STRINGS), Tests.NONE, false)));

    private Grammar() {
    }

    private static Spec base(Map<String, Optional<Kind>> tags, List<Kind> positional) {
        return new Spec(Optional.empty(), tags, positional, Tests.NONE, false);
    }

    private static Spec extension(String capability, Map<String, Optional<Kind>> tags, List<Kind> positional) {
        return new Spec(Optional.of(capability), tags, positional, Tests.NONE, false);
    }

    private static Spec control(Tests tests) {
        return new Spec(Optional.empty(), Map.of(), List.of(), tests, true);
    }
}
