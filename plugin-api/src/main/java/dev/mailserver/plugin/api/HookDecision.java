package dev.mailserver.plugin.api;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;

/**
 * What a hook decides about a command.
 *
 * <ul>
 *   <li>{@link #proceed()}: no opinion; the next plugin's hook runs, then the server's own rules.</li>
 *   <li>{@link #accept()}: no objection, and the remaining plugins' hooks for this command are
 *       skipped. The server's own rules still apply: a plugin cannot, for instance, turn a listener
 *       into an open relay. For an unknown command, {@link #accept(int, String, String)} answers it
 *       with the given reply, which lets a plugin implement a command of its own.</li>
 *   <li>{@link #reject(int, String, String)}: a permanent refusal (5xx).</li>
 *   <li>{@link #tempReject(int, String, String)}: a temporary refusal (4xx); the client will retry.</li>
 * </ul>
 *
 * A reply has a three-digit code, an RFC 3463 enhanced status code whose class matches it, and a text.
 * Instances are immutable.
 */
public final class HookDecision {
    /** The kind of a decision. */
    public enum Kind {
        /** No opinion: go on. */
        PROCEED,
        /** No objection; skip the remaining plugin hooks for this command. */
        ACCEPT,
        /** Refuse for good (5xx). */
        REJECT,
        /** Refuse for now (4xx). */
        TEMP_REJECT
    }

    private static final Pattern ENHANCED_CODE = Pattern.compile("[245]\\.\\d{1,3}\\.\\d{1,3}");
    private static final HookDecision PROCEED = new HookDecision(Kind.PROCEED, 0, null, null, false);
    private static final HookDecision ACCEPT = new HookDecision(Kind.ACCEPT, 0, null, null, false);
    private static final CompletionStage<HookDecision> PROCEED_NOW = CompletableFuture.completedStage(PROCEED);

    private final Kind kind;
    private final int code;
    private final String enhancedCode;
    private final String text;
    private final boolean disconnect;

    private HookDecision(Kind kind, int code, String enhancedCode, String text, boolean disconnect) {
        this.kind = kind;
        this.code = code;
        this.enhancedCode = enhancedCode;
        this.text = text;
        this.disconnect = disconnect;
    }

    /** No opinion. */
    public static HookDecision proceed() {
        return PROCEED;
    }

    /** {@link #proceed()}, already completed: the usual answer of an asynchronous hook with nothing to do. */
    public static CompletionStage<HookDecision> proceedNow() {
        return PROCEED_NOW;
    }

    /** No objection; the remaining plugin hooks for this command are skipped. */
    public static HookDecision accept() {
        return ACCEPT;
    }

    /** Accepts with this reply (2xx); used to answer an unknown command, ignored elsewhere. */
    public static HookDecision accept(int code, String enhancedCode, String text) {
        return new HookDecision(Kind.ACCEPT, check(code, 2), checkEnhanced(enhancedCode, code), Objects.requireNonNull(text, "text"), false);
    }

    /** Refuses for good, e.g. {@code reject(550, "5.7.1", "Sender blocked by policy")}. */
    public static HookDecision reject(int code, String enhancedCode, String text) {
        return new HookDecision(Kind.REJECT, check(code, 5), checkEnhanced(enhancedCode, code), Objects.requireNonNull(text, "text"), false);
    }

    /** Refuses for good with {@code 550 5.7.1} and this text. */
    public static HookDecision reject(String text) {
        return reject(550, "5.7.1", text);
    }

    /** Refuses for now, e.g. {@code tempReject(451, "4.7.1", "Greylisted, try again later")}. */
    public static HookDecision tempReject(int code, String enhancedCode, String text) {
        return new HookDecision(Kind.TEMP_REJECT, check(code, 4), checkEnhanced(enhancedCode, code), Objects.requireNonNull(text, "text"), false);
    }

    /** Refuses for now with {@code 451 4.7.1} and this text. */
    public static HookDecision tempReject(String text) {
        return tempReject(451, "4.7.1", text);
    }

    /** The same refusal, after which the server closes the connection. Only for refusals. */
    public HookDecision andDisconnect() {
        if (!isRefusal()) {
            throw new IllegalStateException("only a refusal can disconnect");
        }
        return new HookDecision(kind, code, enhancedCode, text, true);
    }

    public Kind kind() {
        return kind;
    }

    /** Whether this is {@link Kind#REJECT} or {@link Kind#TEMP_REJECT}. */
    public boolean isRefusal() {
        return kind == Kind.REJECT || kind == Kind.TEMP_REJECT;
    }

    /** The reply code, when the decision has a reply. */
    public Optional<Integer> code() {
        return code == 0 ? Optional.empty() : Optional.of(code);
    }

    /** The enhanced status code, when the decision has a reply. */
    public Optional<String> enhancedCode() {
        return Optional.ofNullable(enhancedCode);
    }

    /** The reply text (without the codes), when the decision has a reply. */
    public Optional<String> text() {
        return Optional.ofNullable(text);
    }

    /** Whether the server closes the connection after the reply. */
    public boolean disconnect() {
        return disconnect;
    }

    private static int check(int code, int expectedClass) {
        if (code / 100 != expectedClass || code > 599) {
            throw new IllegalArgumentException("reply code " + code + " is not a " + expectedClass + "xx code");
        }
        return code;
    }

    private static String checkEnhanced(String enhancedCode, int code) {
        Objects.requireNonNull(enhancedCode, "enhancedCode");
        if (!ENHANCED_CODE.matcher(enhancedCode).matches() || enhancedCode.charAt(0) - '0' != code / 100) {
            throw new IllegalArgumentException("'" + enhancedCode + "' is not an enhanced status code of class " + code / 100);
        }
        return enhancedCode;
    }

    @Override
    public String toString() {
        return code == 0 ? kind.name() : kind + " " + code + " " + enhancedCode + " " + text + (disconnect ? " (disconnect)" : "");
    }
}
