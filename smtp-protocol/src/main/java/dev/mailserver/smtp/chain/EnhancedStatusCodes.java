package dev.mailserver.smtp.chain;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.api.handler.ProtocolHandler;
import org.apache.james.protocols.api.handler.ProtocolHandlerResultHandler;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.core.HeloCmdHandler;
import org.apache.james.protocols.smtp.core.esmtp.EhloCmdHandler;

/**
 * Gives every command reply an RFC 3463 enhanced status code, as ENHANCEDSTATUSCODES (RFC 2034)
 * promises: several of the library's replies have none ({@code 504 Unrecognized or unsupported
 * option}, for one). The code is chosen from the reply code (RFC 5248). Replies to EHLO and HELO and
 * 3xx replies carry none, as RFC 2034 says.
 */
final class EnhancedStatusCodes implements ProtocolHandlerResultHandler<Response, ProtocolSession> {
    private static final Pattern HAS_ENHANCED_CODE = Pattern.compile("^\\d{3}[ -][245]\\.\\d{1,3}\\.\\d{1,3}( .*)?$");
    private static final Map<String, String> BY_REPLY_CODE = Map.ofEntries(
        Map.entry("421", "4.3.2"), Map.entry("450", "4.2.0"), Map.entry("451", "4.3.0"), Map.entry("452", "4.3.1"),
        Map.entry("454", "4.7.0"), Map.entry("500", "5.5.2"), Map.entry("501", "5.5.4"), Map.entry("502", "5.5.1"),
        Map.entry("503", "5.5.1"), Map.entry("504", "5.5.4"), Map.entry("530", "5.7.0"), Map.entry("535", "5.7.8"),
        Map.entry("550", "5.0.0"), Map.entry("552", "5.3.4"), Map.entry("553", "5.1.3"), Map.entry("554", "5.0.0"));

    @Override
    public Response onResponse(ProtocolSession session, Response response, long executionTime, ProtocolHandler handler) {
        if (response == null || !(handler instanceof CommandHandler) || handler instanceof EhloCmdHandler
                || handler instanceof HeloCmdHandler || response.getRetCode().startsWith("3") || hasCodes(response)) {
            return response;
        }
        String code = BY_REPLY_CODE.getOrDefault(response.getRetCode(), response.getRetCode().charAt(0) + ".0.0");
        List<CharSequence> lines = response.getLines();
        SMTPResponse completed = new SMTPResponse(response.getRetCode(), code + " " + textOf(lines.get(0)));
        lines.stream().skip(1).forEach(line -> completed.appendLine(code + " " + textOf(line)));
        completed.setEndSession(response.isEndSession());
        return completed;
    }

    private static boolean hasCodes(Response response) {
        return response.getLines().stream().allMatch(line -> HAS_ENHANCED_CODE.matcher(line).matches());
    }

    /** The line without its reply code and separator. */
    static String textOf(CharSequence line) {
        return line.length() > 4 ? line.subSequence(4, line.length()).toString() : "";
    }
}
