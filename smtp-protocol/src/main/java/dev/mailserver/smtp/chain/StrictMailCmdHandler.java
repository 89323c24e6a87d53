package dev.mailserver.smtp.chain;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.MailCmdHandler;
import org.apache.james.protocols.smtp.hook.MailParametersHook;

import dev.mailserver.smtp.data.ClientText;
import dev.mailserver.smtp.extension.TransactionParameters;
import dev.mailserver.smtp.extension.Utf8Paths;

/**
 * MAIL as the library handles it, with two fixes. A MAIL inside a transaction gets {@code 503} and
 * changes nothing (the library clears the sender after its own 503, so that the next MAIL replaced it).
 * A parameter is accepted only when a {@link MailParametersHook} in the chain names it (e.g. SIZE,
 * {@link MailParameter}s, those of an extension): any other gets {@code 555 5.5.4} (RFC 5321 §4.1.1.11),
 * where the library ignores it. A new transaction forgets the parameters of an earlier MAIL that was
 * refused, and takes a UTF-8 reverse-path with SMTPUTF8 ({@link Utf8Paths}). A session carries at most
 * {@code maxTransactions} transactions (LIMITS MAILMAX, RFC 9422): only accepted MAILs count, and the MAIL
 * that would start one more gets {@code 452 4.5.3}; the session stays open for RSET, QUIT and the rest.
 */
public final class StrictMailCmdHandler extends MailCmdHandler {
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Response SENDER_ALREADY_GIVEN = new SMTPResponse("503", "5.5.1 Sender already specified; RSET to start over").immutable();
    private static final Response TOO_MANY_TRANSACTIONS = new SMTPResponse("452", "4.5.3 Too many transactions in this session").immutable();
    private static final ProtocolSession.AttachmentKey<Integer> TRANSACTIONS = ProtocolSession.AttachmentKey.of("mailTransactions", Integer.class);

    private final int maxTransactions;

    private Set<String> acceptedParameters = Set.of();

    public StrictMailCmdHandler(MetricFactory metricFactory, int maxTransactions) {
        super(metricFactory);
        this.maxTransactions = maxTransactions;
    }

    @Override
    public Response onCommand(SMTPSession session, Request request) {
        if (session.getAttachment(SMTPSession.SENDER, ProtocolSession.State.Transaction).isPresent()) {
            return SENDER_ALREADY_GIVEN;
        }
        int transactions = session.getAttachment(TRANSACTIONS, ProtocolSession.State.Connection).orElse(0);
        if (transactions >= maxTransactions) {
            return TOO_MANY_TRANSACTIONS;
        }
        TransactionParameters.clear(session);
        Optional<String> unknown = unacceptedParameter(request.getArgument());
        if (unknown.isPresent()) {
            return new SMTPResponse("555", "5.5.4 Unsupported MAIL parameter " + ClientText.printable(unknown.get(), 64));
        }
        String argument = request.getArgument() == null ? "" : request.getArgument();
        Object rewritten = Utf8Paths.rewrite(request, Utf8Paths.hasSmtpUtf8Parameter(argument));
        if (rewritten instanceof Response refusal) {
            return refusal;
        }
        Response response = super.onCommand(session, (Request) rewritten);
        if (response.getRetCode().startsWith("2")) {
            session.setAttachment(TRANSACTIONS, transactions + 1, ProtocolSession.State.Connection);
        }
        return response;
    }

    /** The first parameter after the address that no hook accepts; the address itself is checked by the library. */
    private Optional<String> unacceptedParameter(String argument) {
        if (argument == null) {
            return Optional.empty();
        }
        int open = argument.indexOf('<');
        int close = open < 0 ? -1 : argument.indexOf('>', open);
        if (close < 0) {
            return Optional.empty();
        }
        for (String parameter : WHITESPACE.split(argument.substring(close + 1).trim())) {
            if (parameter.isEmpty()) {
                continue;
            }
            int equals = parameter.indexOf('=');
            String name = (equals < 0 ? parameter : parameter.substring(0, equals)).toUpperCase(Locale.ROOT);
            if (!acceptedParameters.contains(name)) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }

    @Override
    @SuppressWarnings("rawtypes")
    public void wireExtensions(Class interfaceName, List extension) {
        if (MailParametersHook.class.equals(interfaceName)) {
            Set<String> names = new HashSet<>();
            for (Object hook : extension) {
                for (String name : ((MailParametersHook) hook).getMailParamNames()) {
                    names.add(name.toUpperCase(Locale.ROOT));
                }
            }
            acceptedParameters = Set.copyOf(names);
        }
        super.wireExtensions(interfaceName, extension);
    }
}
