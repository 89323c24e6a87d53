package dev.mailserver.app;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

/**
 * Renders {@code reference.conf} as {@code docs/configuration.md}: the file's comments as the text, every key
 * with its default (as written in the file) in a table, in the file's order. An object written on one line (a
 * listener, a policy) is one row; an object over several lines, or a key whose comment holds an example, is a
 * section of its own.
 */
final class ConfigurationMarkdown {
    private static final String ROOT = "mailserver";

    private final List<String> lines;

    private ConfigurationMarkdown(List<String> lines) {
        this.lines = lines;
    }

    /** @param source the text of {@code reference.conf}, parsed into {@code reference} */
    static String render(Config reference, String source) {
        return new ConfigurationMarkdown(source.lines().toList()).render(reference.root().toConfig().getObject(ROOT));
    }

    private String render(ConfigObject root) {
        StringBuilder out = new StringBuilder("""
            # Configuration reference

            <!-- Generated from server-app/src/main/resources/reference.conf by ConfigurationDocTest: edit that
                 file, then run `mvn -B -pl server-app -am test -Dtest=ConfigurationDocTest -Dsurefire.failIfNoSpecifiedTests=false -Dconfiguration.write=true`. -->

            """);
        prose(out, root.origin().comments());
        section(out, 2, ROOT, root);
        return out.toString();
    }

    private void section(StringBuilder out, int level, String path, ConfigObject object) {
        List<Map.Entry<String, ConfigValue>> entries = new ArrayList<>(object.entrySet());
        entries.sort(Comparator.comparingInt(entry -> entry.getValue().origin().lineNumber()));
        List<Map.Entry<String, ConfigValue>> rows = entries.stream().filter(entry -> !isSection(entry.getValue())).toList();
        table(out, path, rows);
        for (Map.Entry<String, ConfigValue> entry : entries) {
            if (isSection(entry.getValue())) {
                String child = path + "." + entry.getKey();
                out.append("#".repeat(Math.min(level, 4))).append(" `").append(child).append("`\n\n");
                prose(out, entry.getValue().origin().comments());
                if (isMultiLine(entry.getValue())) {
                    section(out, level + 1, child, (ConfigObject) entry.getValue());
                } else {
                    table(out, path, List.of(Map.entry(entry.getKey(), withoutComments(entry.getValue()))));
                }
            }
        }
    }

    private void table(StringBuilder out, String path, List<Map.Entry<String, ConfigValue>> rows) {
        if (rows.isEmpty()) {
            return;
        }
        out.append("| key | default | meaning |\n|---|---|---|\n");
        for (Map.Entry<String, ConfigValue> row : rows) {
            out.append("| `").append(path).append('.').append(row.getKey()).append("` | `").append(written(row))
                .append("` | ").append(cell(row.getValue().origin().comments())).append(" |\n");
        }
        out.append('\n');
    }

    /** An object whose keys are not all on its first line, or a key whose comment holds an example. */
    private static boolean isSection(ConfigValue value) {
        return isExample(value) || isMultiLine(value);
    }

    private static boolean isMultiLine(ConfigValue value) {
        return value.valueType() == ConfigValueType.OBJECT && ((ConfigObject) value).values().stream()
            .anyMatch(child -> child.origin().lineNumber() != value.origin().lineNumber() || isMultiLine(child));
    }

    private static boolean isExample(ConfigValue value) {
        return value.origin().comments().stream().anyMatch(ConfigurationMarkdown::isCode);
    }

    private static ConfigValue withoutComments(ConfigValue value) {
        return value.withOrigin(value.origin().withComments(List.of()));
    }

    /** The value as the file writes it: the rest of its line after the key, or the whole list when it spans lines. */
    private String written(Map.Entry<String, ConfigValue> entry) {
        String line = lines.get(entry.getValue().origin().lineNumber() - 1).strip();
        String rest = line.startsWith(entry.getKey()) ? line.substring(entry.getKey().length()).strip() : line;
        rest = rest.startsWith("=") ? rest.substring(1).strip() : rest;
        if (rest.startsWith("[") && !rest.contains("]")) {
            rest = withoutComments(entry.getValue()).render(ConfigRenderOptions.concise());
        }
        return rest.replace("|", "\\|");
    }

    private static boolean isCode(String comment) {
        return comment.startsWith("   ");
    }

    /** Comment lines as paragraphs; lines indented beyond the first column (examples, tables) as a code block. */
    private static void prose(StringBuilder out, List<String> comments) {
        boolean inCode = false;
        for (String comment : comments) {
            String line = comment.startsWith(" ") ? comment.substring(1) : comment;
            boolean code = isCode(comment);
            if (code != inCode) {
                out.append(code ? "\n```\n" : "```\n\n");
                inCode = code;
            }
            out.append(code ? line.substring(2) : escape(line)).append('\n');
        }
        if (inCode) {
            out.append("```\n");
        }
        if (!comments.isEmpty()) {
            out.append('\n');
        }
    }

    private static String cell(List<String> comments) {
        return escape(String.join(" ", comments.stream().map(String::strip).toList())).replace("|", "\\|");
    }

    private static String escape(String text) {
        return text.replace("<", "&lt;");
    }
}
