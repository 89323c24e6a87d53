package dev.mailserver.storage.sieve;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a Sieve script into tokens (RFC 5228 section 8.1): identifiers, tags, numbers with {@code K}, {@code M}
 * or {@code G}, quoted strings with {@code \\} escapes, {@code text:} multi-line strings with dot-stuffing,
 * and punctuation; {@code #} and {@code /* *}{@code /} comments are skipped.
 */
final class ScriptLexer {
    private static final String PUNCTUATION = ";,[](){}";

    private final String text;
    private int position;
    private int line = 1;

    private ScriptLexer(String text) {
        this.text = text;
    }

    static List<Token> tokens(String script) throws InvalidScriptException {
        ScriptLexer lexer = new ScriptLexer(script);
        List<Token> tokens = new ArrayList<>();
        Token token;
        do {
            token = lexer.next();
            tokens.add(token);
        } while (token.kind() != Token.Kind.END);
        return tokens;
    }

    private Token next() throws InvalidScriptException {
        skipWhitespaceAndComments();
        if (position >= text.length()) {
            return new Token(Token.Kind.END, "", 0, line);
        }
        char c = text.charAt(position);
        int start = line;
        if (PUNCTUATION.indexOf(c) >= 0) {
            position++;
            return new Token(Token.Kind.PUNCTUATION, String.valueOf(c), 0, start);
        }
        if (c == '"') {
            return new Token(Token.Kind.STRING, quoted(), 0, start);
        }
        if (c == ':') {
            position++;
            if (position >= text.length() || !isIdentifierStart(text.charAt(position))) {
                throw new InvalidScriptException(line, "a ':' must start a tag such as :is");
            }
            return new Token(Token.Kind.TAG, identifier(), 0, start);
        }
        if (Character.isDigit(c)) {
            return number();
        }
        if (isIdentifierStart(c)) {
            String name = identifier();
            if (name.equalsIgnoreCase("text") && position < text.length() && text.charAt(position) == ':') {
                position++;
                return new Token(Token.Kind.STRING, multiLine(start), 0, start);
            }
            return new Token(Token.Kind.IDENTIFIER, name, 0, start);
        }
        throw new InvalidScriptException(line, "unexpected character '" + c + "'");
    }

    private void skipWhitespaceAndComments() throws InvalidScriptException {
        while (position < text.length()) {
            char c = text.charAt(position);
            if (c == '\n') {
                line++;
                position++;
            } else if (c == ' ' || c == '\t' || c == '\r') {
                position++;
            } else if (c == '#') {
                while (position < text.length() && text.charAt(position) != '\n') {
                    position++;
                }
            } else if (text.startsWith("/*", position)) {
                int startLine = line;
                int end = text.indexOf("*/", position + 2);
                if (end < 0) {
                    throw new InvalidScriptException(startLine, "a /* comment is never closed");
                }
                countLines(position, end);
                position = end + 2;
            } else {
                return;
            }
        }
    }

    private void countLines(int from, int to) {
        for (int i = from; i < to; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
    }

    private static boolean isIdentifierStart(char c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private String identifier() {
        int start = position;
        while (position < text.length() && (isIdentifierStart(text.charAt(position)) || Character.isDigit(text.charAt(position)))) {
            position++;
        }
        return text.substring(start, position);
    }

    private Token number() throws InvalidScriptException {
        int start = position;
        while (position < text.length() && Character.isDigit(text.charAt(position))) {
            position++;
        }
        String digits = text.substring(start, position);
        long value;
        try {
            value = Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new InvalidScriptException(line, "number " + digits + " is too large");
        }
        int shift = 0;
        if (position < text.length()) {
            switch (Character.toUpperCase(text.charAt(position))) {
                case 'K' -> shift = 10;
                case 'M' -> shift = 20;
                case 'G' -> shift = 30;
                default -> shift = 0;
            }
            if (shift > 0) {
                position++;
            }
        }
        if (value > (Long.MAX_VALUE >> shift)) {
            throw new InvalidScriptException(line, "number " + digits + " is too large");
        }
        return new Token(Token.Kind.NUMBER, text.substring(start, position), value << shift, line);
    }

    private String quoted() throws InvalidScriptException {
        int startLine = line;
        position++;
        StringBuilder value = new StringBuilder();
        while (position < text.length()) {
            char c = text.charAt(position++);
            if (c == '"') {
                return value.toString();
            }
            if (c == '\\' && position < text.length()) {
                c = text.charAt(position++);
            }
            if (c == '\n') {
                line++;
            }
            value.append(c);
        }
        throw new InvalidScriptException(startLine, "a quoted string is never closed");
    }

    /** After {@code text:}: blanks, an optional comment, the line end; then lines up to one holding only a dot. */
    private String multiLine(int startLine) throws InvalidScriptException {
        while (position < text.length() && (text.charAt(position) == ' ' || text.charAt(position) == '\t')) {
            position++;
        }
        if (position < text.length() && text.charAt(position) == '#') {
            while (position < text.length() && text.charAt(position) != '\n') {
                position++;
            }
        }
        if (text.startsWith("\r\n", position)) {
            position += 2;
        } else if (text.startsWith("\n", position)) {
            position++;
        } else {
            throw new InvalidScriptException(line, "text: must be followed by the end of the line");
        }
        line++;
        StringBuilder value = new StringBuilder();
        while (position < text.length()) {
            int end = text.indexOf('\n', position);
            if (end < 0) {
                break;
            }
            String content = text.substring(position, end);
            if (content.endsWith("\r")) {
                content = content.substring(0, content.length() - 1);
            }
            position = end + 1;
            line++;
            if (content.equals(".")) {
                return value.toString();
            }
            value.append(content.startsWith("..") ? content.substring(1) : content).append("\r\n");
        }
        throw new InvalidScriptException(startLine, "a text: string is never ended by a line holding only '.'");
    }
}
