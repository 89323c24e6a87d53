package dev.mailserver.storage.sieve;

import java.util.List;

/** The syntax tree of a Sieve script (RFC 5228 section 8.2): commands with arguments, tests and blocks. */
sealed interface Node {

    /** One argument: a tag, a number or a string list (a single string is a list of one). */
    sealed interface Argument {
        int line();
    }

    record Tag(String name, int line) implements Argument {
    }

    record Number(long value, int line) implements Argument {
    }

    record Strings(List<String> values, int line) implements Argument {
    }

    /** @param tests the test of {@code if}, or none */
    record Command(String name, List<Argument> arguments, List<Test> tests, List<Command> block, boolean hasBlock, int line) implements Node {
    }

    /** @param tests the tests of {@code allof}, {@code anyof} and {@code not} */
    record Test(String name, List<Argument> arguments, List<Test> tests, int line) implements Node {
    }
}
