package dev.mailserver.storage.sieve;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A command or test of a valid script, its arguments sorted out by {@link ScriptValidator}: the tags given (with
 * their values) and the positional arguments.
 *
 * @param tags each tag given, with its value, or {@link Node.Tag itself} when it takes none
 * @param block the commands of a block ({@code if}, {@code elsif}, {@code else}); empty for others
 */
record Call(String name, Map<String, Node.Argument> tags, List<Node.Argument> positional, List<Call> tests, List<Call> block, int line) {

    boolean has(String tag) {
        return tags.containsKey(tag);
    }

    /** The first tag of {@code group} given, or {@code otherwise}. */
    String oneOf(List<String> group, String otherwise) {
        return group.stream().filter(tags::containsKey).findFirst().orElse(otherwise);
    }

    Optional<String> string(String tag) {
        return Optional.ofNullable(tags.get(tag)).map(value -> ((Node.Strings) value).values().get(0));
    }

    Optional<List<String>> strings(String tag) {
        return Optional.ofNullable(tags.get(tag)).map(value -> ((Node.Strings) value).values());
    }

    Optional<Long> number(String tag) {
        return Optional.ofNullable(tags.get(tag)).map(value -> ((Node.Number) value).value());
    }

    List<String> strings(int index) {
        return ((Node.Strings) positional.get(index)).values();
    }

    String string(int index) {
        return strings(index).get(0);
    }

    long number(int index) {
        return ((Node.Number) positional.get(index)).value();
    }
}
