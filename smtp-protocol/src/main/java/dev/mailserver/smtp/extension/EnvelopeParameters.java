package dev.mailserver.smtp.extension;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.MailParametersHook;
import org.apache.james.protocols.smtp.hook.RcptHook;

import dev.mailserver.core.DsnNotify;
import dev.mailserver.core.DsnReturn;
import dev.mailserver.core.EnvelopeOptions;
import dev.mailserver.core.OriginalRecipient;
import dev.mailserver.core.RecipientOptions;
import dev.mailserver.core.Xtext;
import dev.mailserver.smtp.server.SmtpSession;

/**
 * Every MAIL and RCPT parameter of the extensions we offer, in one place: it checks each one and keeps
 * what it asks in {@link TransactionParameters}. MAIL: {@code RET}, {@code ENVID} (DSN, RFC 3461),
 * {@code SMTPUTF8} (RFC 6531; the UTF-8 paths themselves are taken by {@link Utf8Paths}), {@code REQUIRETLS}
 * (RFC 8689; only over TLS, else {@code 530 5.7.10}).
 * RCPT: {@code NOTIFY}, {@code ORCPT} (DSN). A malformed value gets {@code 501 5.5.4}.
 *
 * <p>As a RCPT hook it must run before any hook that accepts the recipient (which ends the RCPT hooks);
 * it never accepts a recipient itself.
 */
public final class EnvelopeParameters implements MailParametersHook, RcptHook {
    /** The MAIL parameters handled here. */
    public static final Set<String> MAIL_PARAMETERS = Set.of("RET", "ENVID", "SMTPUTF8", "REQUIRETLS");
    /** The RCPT parameters handled here. */
    public static final Set<String> RCPT_PARAMETERS = Set.of("NOTIFY", "ORCPT");
    private static final int MAX_ENVID_LENGTH = 100;
    private static final HookResult REQUIRETLS_WITHOUT_TLS = HookResult.builder().hookReturnCode(HookReturnCode.deny())
        .smtpReturnCode("530").smtpDescription("5.7.10 REQUIRETLS needs a TLS session: STARTTLS first").build();
    private static final int MAX_ORCPT_LENGTH = 500;

    @Override
    public String[] getMailParamNames() {
        return MAIL_PARAMETERS.toArray(String[]::new);
    }

    @Override
    public HookResult doMailParameter(SMTPSession session, String name, String value) {
        if (name.equalsIgnoreCase("REQUIRETLS") && !((SmtpSession) session).flow().isTlsEstablished()) {
            return REQUIRETLS_WITHOUT_TLS;
        }
        TransactionParameters parameters = TransactionParameters.forUpdate(session);
        EnvelopeOptions options = parameters.options();
        String text = value == null ? "" : value;
        Optional<EnvelopeOptions> changed = switch (name.toUpperCase(Locale.ROOT)) {
            case "RET" -> ret(text).map(options::withRet);
            case "REQUIRETLS" -> text.isEmpty() ? Optional.of(options.withRequireTls(true)) : Optional.empty();
            case "SMTPUTF8" -> text.isEmpty() ? Optional.of(options.withSmtpUtf8(true)) : Optional.empty();
            case "ENVID" -> Xtext.decode(text).filter(id -> !id.isEmpty() && text.length() <= MAX_ENVID_LENGTH).map(options::withEnvelopeId);
            default -> Optional.empty();
        };
        if (changed.isEmpty()) {
            return invalid(name);
        }
        parameters.options(changed.get());
        return HookResult.DECLINED;
    }

    @Override
    public Set<String> supportedParameters() {
        return RCPT_PARAMETERS;
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress recipient) {
        return doRcpt(session, sender, recipient, Map.of());
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress recipient, Map<String, String> parameters) {
        RecipientOptions options = RecipientOptions.NONE;
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            String name = parameter.getKey().toUpperCase(Locale.ROOT);
            String value = parameter.getValue() == null ? "" : parameter.getValue();
            Optional<RecipientOptions> changed = switch (name) {
                case "NOTIFY" -> notify(value).map(options::withNotify);
                case "ORCPT" -> originalRecipient(value).map(options::withOriginalRecipient);
                default -> Optional.of(options);
            };
            if (changed.isEmpty()) {
                return invalid(name);
            }
            options = changed.get();
        }
        TransactionParameters.forUpdate(session).recipient(recipient, options);
        return HookResult.DECLINED;
    }

    private static Optional<DsnReturn> ret(String value) {
        return switch (value.toUpperCase(Locale.ROOT)) {
            case "FULL" -> Optional.of(DsnReturn.FULL);
            case "HDRS" -> Optional.of(DsnReturn.HDRS);
            default -> Optional.empty();
        };
    }

    /** {@code NEVER}, or a comma-separated list of {@code SUCCESS}, {@code FAILURE} and {@code DELAY}. */
    private static Optional<DsnNotify> notify(String value) {
        String upper = value.toUpperCase(Locale.ROOT);
        if (upper.equals("NEVER")) {
            return Optional.of(DsnNotify.NEVER);
        }
        Set<DsnNotify.Event> events = EnumSet.noneOf(DsnNotify.Event.class);
        for (String word : upper.split(",", -1)) {
            switch (word) {
                case "SUCCESS" -> events.add(DsnNotify.Event.SUCCESS);
                case "FAILURE" -> events.add(DsnNotify.Event.FAILURE);
                case "DELAY" -> events.add(DsnNotify.Event.DELAY);
                default -> {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(DsnNotify.of(events));
    }

    /** {@code addr-type;xtext}, e.g. {@code rfc822;bob+40example.org}. */
    private static Optional<OriginalRecipient> originalRecipient(String value) {
        int semicolon = value.indexOf(';');
        if (semicolon <= 0 || value.length() > MAX_ORCPT_LENGTH) {
            return Optional.empty();
        }
        String type = value.substring(0, semicolon);
        if (!type.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || c == '-'))) {
            return Optional.empty();
        }
        return Xtext.decode(value.substring(semicolon + 1)).filter(address -> !address.isEmpty())
            .map(address -> new OriginalRecipient(type.toLowerCase(Locale.ROOT), address));
    }

    private static HookResult invalid(String name) {
        return HookResult.builder().hookReturnCode(HookReturnCode.deny()).smtpReturnCode("501")
            .smtpDescription("5.5.4 Invalid " + name.toUpperCase(Locale.ROOT) + " parameter").build();
    }
}
