package dev.mailserver.storage.sieve;

/**
 * One lexical token of a Sieve script (RFC 5228 section 8.1).
 *
 * @param text the identifier or tag name (without its colon), the decoded string, the digits of a number, or the punctuation
 * @param number the value of a number, its K, M or G quantifier applied
 */
record Token(Kind kind, String text, long number, int line) {
    enum Kind { IDENTIFIER, TAG, NUMBER, STRING, PUNCTUATION, END }

    boolean is(String punctuation) {
        return kind == Kind.PUNCTUATION && text.equals(punctuation);
    }

    String describe() {
        return switch (kind) {
            case IDENTIFIER -> "'" + text + "'";
            case TAG -> "':" + text + "'";
            case NUMBER -> "number " + text;
            case STRING -> "a string";
            case PUNCTUATION -> "'" + text + "'";
            case END -> "the end of the script";
        };
    }
}
