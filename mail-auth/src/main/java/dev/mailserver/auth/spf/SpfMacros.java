package dev.mailserver.auth.spf;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/** Macro expansion (RFC 7208 section 7). Bad syntax throws a permerror. */
final class SpfMacros {
    private static final String DELIMITERS = ".-+,/_=";

    private final String sender;
    private final InetAddress ip;
    private final String helo;
    private final String receiver;
    private final Clock clock;
    private final Supplier<String> validatedName;

    SpfMacros(String sender, InetAddress ip, String helo, String receiver, Clock clock, Supplier<String> validatedName) {
        this.sender = sender;
        this.ip = ip;
        this.helo = helo;
        this.receiver = receiver;
        this.clock = clock;
        this.validatedName = validatedName;
    }

    /** Only checks the syntax (so that a record with a bad macro anywhere is a permerror before it is evaluated). */
    static void checkSyntax(String text, boolean explanation) {
        new SpfMacros("a@b", InetAddress.getLoopbackAddress(), "", "", Clock.systemUTC(), () -> "").expand(text, "d", explanation, false);
    }

    String expand(String text, String domain, boolean explanation) {
        return expand(text, domain, explanation, true);
    }

    private String expand(String text, String domain, boolean explanation, boolean evaluate) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '%') {
                if (!explanation && (c < 0x21 || c > 0x7e)) {
                    throw SpfAbort.permerror("character " + (int) c + " is not allowed in \"" + text + "\"");
                }
                out.append(c);
                i++;
                continue;
            }
            if (i + 1 >= text.length()) {
                throw SpfAbort.permerror("a lone % ends \"" + text + "\"");
            }
            char next = text.charAt(i + 1);
            switch (next) {
                case '%' -> out.append('%');
                case '_' -> out.append(' ');
                case '-' -> out.append("%20");
                case '{' -> {
                    int close = text.indexOf('}', i);
                    if (close < 0) {
                        throw SpfAbort.permerror("unclosed macro in \"" + text + "\"");
                    }
                    String macro = text.substring(i + 2, close);
                    String value = evaluate ? macro(macro, domain, explanation) : check(macro, explanation);
                    out.append(value);
                    i = close + 1;
                    continue;
                }
                default -> throw SpfAbort.permerror("\"%" + next + "\" is not a macro in \"" + text + "\"");
            }
            i += 2;
        }
        return out.toString();
    }

    private static String check(String macro, boolean explanation) {
        if (!macro.matches("(?i)[slodiphcrtv][0-9]*r?[.\\-+,/_=]*")) {
            throw SpfAbort.permerror("\"%{" + macro + "}\" is not a macro");
        }
        char letter = Character.toLowerCase(macro.charAt(0));
        if (!explanation && (letter == 'c' || letter == 'r' || letter == 't')) {
            throw SpfAbort.permerror("%{" + letter + "} is only allowed in explanations");
        }
        String digits = macro.substring(1).replaceAll("[^0-9].*", "");
        if (!digits.isEmpty() && (digits.length() > 3 || Integer.parseInt(digits) == 0)) {
            throw SpfAbort.permerror("\"%{" + macro + "}\" asks for " + digits + " parts");
        }
        return "";
    }

    private String macro(String macro, String domain, boolean explanation) {
        check(macro, explanation);
        char letter = macro.charAt(0);
        String value = switch (Character.toLowerCase(letter)) {
            case 's' -> sender;
            case 'l' -> sender.substring(0, sender.lastIndexOf('@'));
            case 'o' -> sender.substring(sender.lastIndexOf('@') + 1);
            case 'd' -> domain;
            case 'i' -> dotted(ip);
            case 'p' -> validatedName.get();
            case 'v' -> ip instanceof Inet6Address ? "ip6" : "in-addr";
            case 'h' -> helo;
            case 'c' -> readable(ip);
            case 'r' -> receiver.isEmpty() ? "unknown" : receiver;
            case 't' -> Long.toString(clock.instant().getEpochSecond());
            default -> throw new IllegalStateException("checked above: " + letter);
        };
        String transformers = macro.substring(1);
        String digits = transformers.replaceAll("[^0-9].*", "");
        String rest = transformers.substring(digits.length());
        boolean reverse = rest.startsWith("r") || rest.startsWith("R");
        String delimiters = reverse ? rest.substring(1) : rest;
        value = transform(value, digits.isEmpty() ? 0 : Integer.parseInt(digits), reverse, delimiters.isEmpty() ? "." : delimiters);
        return Character.isUpperCase(letter) ? urlEscaped(value) : value;
    }

    /** RFC 3986 escaping of all but the unreserved characters. */
    private static String urlEscaped(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~".indexOf(c) >= 0)) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    /** %{c}: dotted quad, or an IPv6 address in its short form (RFC 5952). */
    private static String readable(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] bytes = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; i++) {
            int length = 0;
            while (i + length < 8 && groups[i + length] == 0) {
                length++;
            }
            if (length > bestLength) {
                bestStart = i;
                bestLength = length;
            }
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append(i == 0 ? "::" : ":");
                i += bestLength - 1;
                continue;
            }
            out.append(Integer.toHexString(groups[i]));
            if (i < 7) {
                out.append(':');
            }
        }
        return out.toString();
    }

    private static String transform(String value, int keep, boolean reverse, String delimiters) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (delimiters.indexOf(c) >= 0 && DELIMITERS.indexOf(c) >= 0) {
                parts.add(part.toString());
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        parts.add(part.toString());
        if (reverse) {
            Collections.reverse(parts);
        }
        if (keep > 0 && keep < parts.size()) {
            parts = parts.subList(parts.size() - keep, parts.size());
        }
        return String.join(".", parts);
    }

    /** %{i}: dotted quad, or an IPv6 address as 32 dot-separated nibbles. */
    private static String dotted(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        StringBuilder out = new StringBuilder();
        for (byte b : address.getAddress()) {
            out.append(Character.forDigit((b >> 4) & 0xf, 16)).append('.').append(Character.forDigit(b & 0xf, 16)).append('.');
        }
        return out.substring(0, out.length() - 1).toLowerCase(Locale.ROOT);
    }
}
