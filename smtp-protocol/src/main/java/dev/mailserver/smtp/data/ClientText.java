package dev.mailserver.smtp.data;

/** Text a client sent, made safe to put into a header or a log line. */
public final class ClientText {
    private ClientText() {
    }

    /** Visible ASCII only, without parentheses, and at most {@code maxLength} characters; the rest becomes '?'. */
    public static String printable(String text, int maxLength) {
        StringBuilder clean = new StringBuilder();
        text.chars().limit(maxLength)
            .map(c -> c > ' ' && c < 127 && c != '(' && c != ')' ? c : '?')
            .forEach(c -> clean.append((char) c));
        return clean.toString();
    }
}
