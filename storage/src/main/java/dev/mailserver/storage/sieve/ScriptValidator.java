package dev.mailserver.storage.sieve;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.mail.internet.AddressException;

import dev.mailserver.core.InternationalAddresses;
import dev.mailserver.core.mailbox.MailboxStore;
import dev.mailserver.storage.maildir.MaildirStore;

/**
 * Checks a syntax tree against the {@link Grammar} and turns it into {@link Call}s: every command and test known,
 * every capability required before use, every argument of the right kind, {@code require} first, {@code elsif}
 * and {@code else} only after {@code if}. The first mistake is reported with its line.
 */
final class ScriptValidator {
    private final Set<String> required = new HashSet<>();

    private ScriptValidator() {
    }

    static List<Call> validate(List<Node.Command> commands) throws InvalidScriptException {
        return new ScriptValidator().block(commands, true);
    }

    private List<Call> block(List<Node.Command> commands, boolean top) throws InvalidScriptException {
        List<Call> calls = new ArrayList<>();
        boolean requireAllowed = top;
        String previous = "";
        for (Node.Command command : commands) {
            String name = command.name();
            if (name.equals("require")) {
                if (!requireAllowed) {
                    throw new InvalidScriptException(command.line(), "require must come before any other command");
                }
            } else {
                requireAllowed = false;
            }
            if ((name.equals("elsif") || name.equals("else")) && !(previous.equals("if") || previous.equals("elsif"))) {
                throw new InvalidScriptException(command.line(), name + " must follow if or elsif");
            }
            Grammar.Spec spec = Grammar.COMMANDS.get(name);
            if (spec == null) {
                throw new InvalidScriptException(command.line(), "unknown command '" + name + "'");
            }
            Call call = call(name, spec, command.arguments(), command.tests(), command.line(), "command");
            if (spec.block() != command.hasBlock()) {
                throw new InvalidScriptException(command.line(), spec.block() ? name + " needs a block { ... }" : name + " takes no block");
            }
            List<Call> block = block(command.block(), false);
            call = new Call(call.name(), call.tags(), call.positional(), call.tests(), block, call.line());
            if (name.equals("require")) {
                require(call);
            }
            calls.add(call);
            previous = name;
        }
        return calls;
    }

    private void require(Call call) throws InvalidScriptException {
        for (String capability : call.strings(0)) {
            if (!Grammar.CAPABILITIES.contains(capability)) {
                throw new InvalidScriptException(call.line(), "unsupported capability \"" + capability + "\" (this server supports "
                    + String.join(", ", Grammar.CAPABILITIES.stream().sorted().toList()) + ")");
            }
            required.add(capability);
        }
    }

    private Call test(Node.Test test) throws InvalidScriptException {
        Grammar.Spec spec = Grammar.TESTS.get(test.name());
        if (spec == null) {
            throw new InvalidScriptException(test.line(), "unknown test '" + test.name() + "'");
        }
        return call(test.name(), spec, test.arguments(), test.tests(), test.line(), "test");
    }

    private Call call(String name, Grammar.Spec spec, List<Node.Argument> arguments, List<Node.Test> tests, int line, String what)
            throws InvalidScriptException {
        Optional<String> capability = spec.capability();
        if (capability.isPresent()) {
            needs(capability.get(), what + " " + name, line);
        }
        Map<String, Node.Argument> tags = new LinkedHashMap<>();
        List<Node.Argument> positional = new ArrayList<>();
        for (int i = 0; i < arguments.size(); i++) {
            Node.Argument argument = arguments.get(i);
            if (argument instanceof Node.Tag tag) {
                if (!positional.isEmpty()) {
                    throw new InvalidScriptException(tag.line(), "tag :" + tag.name() + " must come before the other arguments of " + name);
                }
                Optional<Grammar.Kind> value = spec.tags().get(tag.name());
                if (value == null) {
                    throw new InvalidScriptException(tag.line(), name + " has no tag :" + tag.name());
                }
                String tagCapability = Grammar.TAG_CAPABILITIES.get(tag.name());
                if (tagCapability != null) {
                    needs(tagCapability, "tag :" + tag.name(), tag.line());
                }
                if (tags.containsKey(tag.name())) {
                    throw new InvalidScriptException(tag.line(), "tag :" + tag.name() + " is given twice");
                }
                if (value.isPresent()) {
                    if (i + 1 >= arguments.size() || !matches(arguments.get(i + 1), value.get())) {
                        throw new InvalidScriptException(tag.line(), "tag :" + tag.name() + " must be followed by " + describe(value.get()));
                    }
                    tags.put(tag.name(), arguments.get(++i));
                } else {
                    tags.put(tag.name(), tag);
                }
            } else {
                positional.add(argument);
            }
        }
        checkPositional(name, spec.positional(), positional, line);
        checkExclusive(name, tags, Grammar.MATCH_TYPES, line);
        checkExclusive(name, tags, Grammar.ADDRESS_PARTS, line);
        checkExclusive(name, tags, Grammar.SIZE_LIMITS, line);
        if (name.equals("size") && !tags.containsKey("over") && !tags.containsKey("under")) {
            throw new InvalidScriptException(line, "size needs :over or :under");
        }
        Node.Argument comparator = tags.get("comparator");
        if (comparator != null) {
            String comparatorName = ((Node.Strings) comparator).values().get(0);
            if (!Grammar.COMPARATORS.contains(comparatorName)) {
                throw new InvalidScriptException(comparator.line(), "unknown comparator \"" + comparatorName + "\"");
            }
        }
        List<Call> subtests = tests(name, spec.tests(), tests, line);
        Call call = new Call(name, Map.copyOf(tags), List.copyOf(positional), subtests, List.of(), line);
        checkValues(call);
        return call;
    }

    /** What can be checked of constant values before any message: envelope parts, folder names, redirect addresses. */
    private static void checkValues(Call call) throws InvalidScriptException {
        switch (call.name()) {
            case "envelope" -> {
                for (String part : call.strings(0)) {
                    if (!part.equalsIgnoreCase("from") && !part.equalsIgnoreCase("to")) {
                        throw new InvalidScriptException(call.line(), "envelope part \"" + part + "\" is not \"from\" or \"to\"");
                    }
                }
            }
            case "fileinto" -> {
                String folder = call.string(0);
                if (!folder.equalsIgnoreCase(MailboxStore.INBOX) && !MaildirStore.isFolderName(folder)) {
                    throw new InvalidScriptException(call.line(), "folder \"" + folder
                        + "\" is not INBOX nor a name of letters, digits, '-' and '_' (at most 64)");
                }
            }
            case "redirect" -> {
                try {
                    InternationalAddresses.parse(call.string(0));
                } catch (AddressException e) {
                    throw new InvalidScriptException(call.line(), "redirect address \"" + call.string(0) + "\" is not a mail address");
                }
            }
            default -> {
                // nothing more to check
            }
        }
    }

    private void needs(String capability, String what, int line) throws InvalidScriptException {
        if (!required.contains(capability)) {
            throw new InvalidScriptException(line, what + " needs require \"" + capability + "\"");
        }
    }

    private static void checkPositional(String name, List<Grammar.Kind> expected, List<Node.Argument> given, int line)
            throws InvalidScriptException {
        if (given.size() != expected.size()) {
            throw new InvalidScriptException(line, name + " takes " + expected.size() + " argument(s) besides its tags, not " + given.size());
        }
        for (int i = 0; i < expected.size(); i++) {
            if (!matches(given.get(i), expected.get(i))) {
                throw new InvalidScriptException(given.get(i).line(), "argument " + (i + 1) + " of " + name + " must be " + describe(expected.get(i)));
            }
        }
    }

    private static void checkExclusive(String name, Map<String, Node.Argument> tags, List<String> group, int line) throws InvalidScriptException {
        if (group.stream().filter(tags::containsKey).count() > 1) {
            throw new InvalidScriptException(line, name + " takes only one of :" + String.join(", :", group));
        }
    }

    private List<Call> tests(String name, Grammar.Tests expected, List<Node.Test> tests, int line) throws InvalidScriptException {
        boolean fits = switch (expected) {
            case NONE -> tests.isEmpty();
            case ONE -> tests.size() == 1;
            case LIST -> !tests.isEmpty();
        };
        if (!fits) {
            throw new InvalidScriptException(line, switch (expected) {
                case NONE -> name + " takes no test";
                case ONE -> name + " takes exactly one test";
                case LIST -> name + " takes a list of tests ( ... )";
            });
        }
        List<Call> calls = new ArrayList<>();
        for (Node.Test test : tests) {
            calls.add(test(test));
        }
        return calls;
    }

    private static boolean matches(Node.Argument argument, Grammar.Kind kind) {
        return switch (kind) {
            case NUMBER -> argument instanceof Node.Number;
            case STRINGS -> argument instanceof Node.Strings;
            case STRING -> argument instanceof Node.Strings strings && strings.values().size() == 1;
        };
    }

    private static String describe(Grammar.Kind kind) {
        return switch (kind) {
            case NUMBER -> "a number";
            case STRINGS -> "a string or string list";
            case STRING -> "a string";
        };
    }
}
