package dev.mailserver.smtp.chain;

import java.util.List;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.ProtocolHandler;
import org.apache.james.protocols.api.handler.ProtocolHandlerResultHandler;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.core.DataCmdHandler;
import org.apache.james.protocols.smtp.core.esmtp.EhloCmdHandler;

/**
 * Corrects two texts of the library's replies: the EHLO greeting's stray parenthesis
 * ({@code 250-host Hello client [127.0.0.1])}) and DATA's 354, which becomes the usual
 * {@code 354 End data with <CR><LF>.<CR><LF>}.
 */
final class LibraryReplyTexts implements ProtocolHandlerResultHandler<Response, ProtocolSession> {
    private static final Response START_DATA = new SMTPResponse("354", "End data with <CR><LF>.<CR><LF>").immutable();

    @Override
    public Response onResponse(ProtocolSession session, Response response, long executionTime, ProtocolHandler handler) {
        if (response == null) {
            return null;
        }
        if (handler instanceof DataCmdHandler && response.getRetCode().equals("354")) {
            return START_DATA;
        }
        if (handler instanceof EhloCmdHandler && response.getRetCode().equals("250")) {
            return withoutStrayParenthesis(response);
        }
        return response;
    }

    private static Response withoutStrayParenthesis(Response response) {
        List<CharSequence> lines = response.getLines();
        String greeting = EnhancedStatusCodes.textOf(lines.get(0));
        if (!greeting.endsWith("])")) {
            return response;
        }
        SMTPResponse fixed = new SMTPResponse(response.getRetCode(), greeting.substring(0, greeting.length() - 1));
        lines.stream().skip(1).forEach(line -> fixed.appendLine(EnhancedStatusCodes.textOf(line)));
        fixed.setEndSession(response.isEndSession());
        return fixed;
    }
}
