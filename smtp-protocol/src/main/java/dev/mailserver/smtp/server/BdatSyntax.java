package dev.mailserver.smtp.server;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The arguments of a BDAT command (RFC 3030): {@code BDAT <chunk-size> [LAST]}. The framer and the command
 * handler read a BDAT line with this one parser, so that both agree on which lines are followed by a chunk.
 *
 * @param size the octets of the chunk that follow the command line
 * @param last whether this chunk ends the message
 */
public record BdatSyntax(long size, boolean last) {
    private static final Pattern ARGUMENTS = Pattern.compile("([0-9]{1,18})(?: +(LAST))? *");

    /** The chunk a BDAT command with these arguments announces; empty when they are malformed. */
    public static Optional<BdatSyntax> parse(String arguments) {
        Matcher matcher = ARGUMENTS.matcher(arguments.strip().toUpperCase(Locale.ROOT));
        return matcher.matches() ? Optional.of(new BdatSyntax(Long.parseLong(matcher.group(1)), matcher.group(2) != null)) : Optional.empty();
    }

    /** The chunk a command line (line end included) announces, or empty when it is no well-formed BDAT. */
    static Optional<BdatSyntax> ofCommandLine(String line) {
        String command = line.strip();
        if (command.length() < 5 || !command.regionMatches(true, 0, "BDAT ", 0, 5)) {
            return Optional.empty();
        }
        return parse(command.substring(5));
    }
}
