package dev.mailserver.smtp.chain;

import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.MailParametersHook;

/**
 * A MAIL parameter the server accepts, and the values it takes. Being in the chain is what makes
 * {@link StrictMailCmdHandler} accept the parameter; a value it does not take gets {@code 555 5.5.4}.
 * An extension with more to do than check a value registers its own {@link MailParametersHook}.
 */
public final class MailParameter implements MailParametersHook {
    private final String name;
    private final Predicate<String> acceptedValue;

    public MailParameter(String name, Predicate<String> acceptedValue) {
        this.name = name.toUpperCase(Locale.ROOT);
        this.acceptedValue = acceptedValue;
    }

    /** {@code BODY=7BIT} and {@code BODY=8BITMIME} (RFC 6152), which the server always offers. */
    public static MailParameter body() {
        Set<String> bodies = Set.of("7BIT", "8BITMIME");
        return new MailParameter("BODY", value -> bodies.contains(value.toUpperCase(Locale.ROOT)));
    }

    /** {@code AUTH=} (RFC 4954 §5), which a server may ignore; for listeners that offer AUTH. */
    public static MailParameter auth() {
        return new MailParameter("AUTH", value -> !value.isEmpty());
    }

    @Override
    public HookResult doMailParameter(SMTPSession session, String paramName, String paramValue) {
        if (acceptedValue.test(paramValue)) {
            return HookResult.DECLINED;
        }
        return HookResults.deny("555", "5.5.4 Unsupported value of MAIL parameter " + name);
    }

    @Override
    public String[] getMailParamNames() {
        return new String[] {name};
    }
}
