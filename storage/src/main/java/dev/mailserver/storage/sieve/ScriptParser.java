package dev.mailserver.storage.sieve;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Builds the syntax tree of a script from its tokens (RFC 5228 section 8.2); what the commands mean is {@link ScriptValidator}'s job. */
final class ScriptParser {
    /** Nesting deeper than this is refused: a script is a filter, not a program. */
    private static final int MAX_DEPTH = 32;

    private final List<Token> tokens;
    private int position;

    private ScriptParser(List<Token> tokens) {
        this.tokens = tokens;
    }

    static List<Node.Command> parse(String script) throws InvalidScriptException {
        ScriptParser parser = new ScriptParser(ScriptLexer.tokens(script));
        List<Node.Command> commands = parser.commands(0);
        Token end = parser.peek();
        if (end.kind() != Token.Kind.END) {
            throw new InvalidScriptException(end.line(), "unexpected " + end.describe());
        }
        return commands;
    }

    private Token peek() {
        return tokens.get(position);
    }

    private Token take() {
        return tokens.get(position++);
    }

    private List<Node.Command> commands(int depth) throws InvalidScriptException {
        if (depth > MAX_DEPTH) {
            throw new InvalidScriptException(peek().line(), "blocks nested more than " + MAX_DEPTH + " deep");
        }
        List<Node.Command> commands = new ArrayList<>();
        while (peek().kind() == Token.Kind.IDENTIFIER) {
            commands.add(command(depth));
        }
        return commands;
    }

    private Node.Command command(int depth) throws InvalidScriptException {
        Token name = take();
        List<Node.Argument> arguments = arguments();
        List<Node.Test> tests = new ArrayList<>();
        if (peek().is("(")) {
            tests.addAll(testList(depth));
        } else if (peek().kind() == Token.Kind.IDENTIFIER) {
            tests.add(test(depth));
        }
        Token next = take();
        String command = name.text().toLowerCase(Locale.ROOT);
        if (next.is(";")) {
            return new Node.Command(command, arguments, tests, List.of(), false, name.line());
        }
        if (next.is("{")) {
            List<Node.Command> block = commands(depth + 1);
            Token close = take();
            if (!close.is("}")) {
                throw new InvalidScriptException(close.line(), "expected '}' or a command, found " + close.describe());
            }
            return new Node.Command(command, arguments, tests, block, true, name.line());
        }
        throw new InvalidScriptException(next.line(), "expected ';' after " + name.describe() + ", found " + next.describe());
    }

    private List<Node.Argument> arguments() throws InvalidScriptException {
        List<Node.Argument> arguments = new ArrayList<>();
        while (true) {
            Token token = peek();
            switch (token.kind()) {
                case TAG -> arguments.add(new Node.Tag(take().text().toLowerCase(Locale.ROOT), token.line()));
                case NUMBER -> arguments.add(new Node.Number(take().number(), token.line()));
                case STRING -> arguments.add(new Node.Strings(List.of(take().text()), token.line()));
                case PUNCTUATION -> {
                    if (!token.is("[")) {
                        return arguments;
                    }
                    arguments.add(stringList());
                }
                default -> {
                    return arguments;
                }
            }
        }
    }

    private Node.Strings stringList() throws InvalidScriptException {
        int line = take().line();
        List<String> values = new ArrayList<>();
        while (true) {
            Token value = take();
            if (value.kind() != Token.Kind.STRING) {
                throw new InvalidScriptException(value.line(), "expected a string in the list, found " + value.describe());
            }
            values.add(value.text());
            Token separator = take();
            if (separator.is("]")) {
                return new Node.Strings(List.copyOf(values), line);
            }
            if (!separator.is(",")) {
                throw new InvalidScriptException(separator.line(), "expected ',' or ']' in the string list, found " + separator.describe());
            }
        }
    }

    private List<Node.Test> testList(int depth) throws InvalidScriptException {
        take();
        List<Node.Test> tests = new ArrayList<>();
        while (true) {
            tests.add(test(depth + 1));
            Token separator = take();
            if (separator.is(")")) {
                return tests;
            }
            if (!separator.is(",")) {
                throw new InvalidScriptException(separator.line(), "expected ',' or ')' in the test list, found " + separator.describe());
            }
        }
    }

    private Node.Test test(int depth) throws InvalidScriptException {
        if (depth > MAX_DEPTH) {
            throw new InvalidScriptException(peek().line(), "tests nested more than " + MAX_DEPTH + " deep");
        }
        Token name = take();
        if (name.kind() != Token.Kind.IDENTIFIER) {
            throw new InvalidScriptException(name.line(), "expected a test, found " + name.describe());
        }
        List<Node.Argument> arguments = arguments();
        List<Node.Test> tests = new ArrayList<>();
        if (peek().is("(")) {
            tests.addAll(testList(depth));
        } else if (peek().kind() == Token.Kind.IDENTIFIER) {
            tests.add(test(depth + 1));
        }
        return new Node.Test(name.text().toLowerCase(Locale.ROOT), arguments, tests, name.line());
    }
}
