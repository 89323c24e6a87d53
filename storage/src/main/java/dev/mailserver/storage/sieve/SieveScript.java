package dev.mailserver.storage.sieve;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.mailserver.core.MessageContent;

/**
 * A valid Sieve script (RFC 5228 and the extensions in {@link Grammar}), ready to run over messages. Scripts are
 * bounded: at most {@link #MAX_BYTES}, no loops, at most {@value ScriptRun#MAX_REDIRECTS} redirects per message.
 */
public final class SieveScript {
    /** As Pigeonhole's {@code sieve_max_script_size} default. */
    public static final int MAX_BYTES = 1 << 20;
    /** At most this many distinct addresses per message, as Pigeonhole's {@code sieve_max_redirects} default. */
    public static final int MAX_REDIRECTS = ScriptRun.MAX_REDIRECTS;
    /** What {@code require} may name, sorted. */
    public static final List<String> CAPABILITIES = Grammar.CAPABILITIES.stream().sorted().toList();

    private final List<Call> commands;

    private SieveScript(List<Call> commands) {
        this.commands = commands;
    }

    /** @throws InvalidScriptException naming the line and the reason of the first mistake */
    public static SieveScript parse(String text) throws InvalidScriptException {
        if (text.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new InvalidScriptException(1, "the script is larger than " + MAX_BYTES + " bytes");
        }
        return new SieveScript(ScriptValidator.validate(ScriptParser.parse(text)));
    }

    /**
     * Runs the script over a message.
     *
     * @param envelopeFrom the envelope sender, empty for the null sender
     * @param envelopeTo the envelope recipient as given in {@code RCPT TO}
     * @param delimiter what separates user and detail in {@code user+detail}; empty when there is none
     * @throws ScriptFailure when the script cannot finish for this message (too many redirects...)
     */
    public Decision run(String envelopeFrom, String envelopeTo, MessageContent content, String delimiter) throws IOException, ScriptFailure {
        return ScriptRun.run(commands, SieveMessage.read(envelopeFrom, envelopeTo, content), delimiter);
    }
}
