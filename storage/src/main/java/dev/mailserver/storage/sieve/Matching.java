package dev.mailserver.storage.sieve;

import java.util.List;

/**
 * A comparator ({@code i;ascii-casemap}, the default, or {@code i;octet}) with a match type ({@code :is}, the
 * default, {@code :contains} or {@code :matches} with {@code *}, {@code ?} and {@code \} escapes): RFC 5228 section 2.7.
 */
record Matching(boolean caseInsensitive, String type) {

    static Matching of(Call test) {
        boolean octet = test.string("comparator").filter("i;octet"::equals).isPresent();
        return new Matching(!octet, test.oneOf(Grammar.MATCH_TYPES, "is"));
    }

    /** Whether any value matches any key. */
    boolean any(List<String> values, List<String> keys) {
        for (String value : values) {
            for (String key : keys) {
                if (matches(value, key)) {
                    return true;
                }
            }
        }
        return false;
    }

    boolean matches(String value, String key) {
        String v = fold(value);
        String k = fold(key);
        return switch (type) {
            case "contains" -> v.contains(k);
            case "matches" -> glob(v, 0, k, 0);
            default -> v.equals(k);
        };
    }

    private String fold(String text) {
        if (!caseInsensitive) {
            return text;
        }
        StringBuilder folded = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            folded.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        }
        return folded.toString();
    }

    /** Glob matching with backtracking only at the last {@code *}: linear in practice, never exponential. */
    private static boolean glob(String value, int v, String pattern, int p) {
        int starPattern = -1;
        int starValue = -1;
        while (v < value.length()) {
            if (p < pattern.length()) {
                char c = pattern.charAt(p);
                if (c == '*') {
                    starPattern = ++p;
                    starValue = v;
                    continue;
                }
                if (c == '?') {
                    v++;
                    p++;
                    continue;
                }
                char literal = c == '\\' && p + 1 < pattern.length() ? pattern.charAt(p + 1) : c;
                int width = c == '\\' && p + 1 < pattern.length() ? 2 : 1;
                if (literal == value.charAt(v)) {
                    v++;
                    p += width;
                    continue;
                }
            }
            if (starPattern < 0) {
                return false;
            }
            p = starPattern;
            v = ++starValue;
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}
