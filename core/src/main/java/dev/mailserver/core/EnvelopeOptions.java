package dev.mailserver.core;

import java.util.Objects;
import java.util.Optional;

/**
 * What the client asked of the whole message with MAIL FROM parameters, kept with the message in the spool
 * and passed on to the next hop.
 *
 * @param envelopeId the DSN envelope identifier ({@code ENVID}, RFC 3461 section 4.4), xtext-decoded
 * @param ret how much of the message a failure notice returns ({@code RET}, RFC 3461 section 4.3); empty
 *     when not given (we then return the headers)
 * @param smtpUtf8 the message needs SMTPUTF8 (RFC 6531): UTF-8 addresses or headers
 * @param requireTls the message may only travel over TLS with a validated certificate (REQUIRETLS, RFC 8689)
 */
public record EnvelopeOptions(Optional<String> envelopeId, Optional<DsnReturn> ret, boolean smtpUtf8, boolean requireTls) {
    /** Nothing asked: the options of a plain {@code MAIL FROM:<...>}. */
    public static final EnvelopeOptions NONE = new EnvelopeOptions(Optional.empty(), Optional.empty(), false, false);

    public EnvelopeOptions {
        Objects.requireNonNull(envelopeId, "envelopeId");
        Objects.requireNonNull(ret, "ret");
    }

    public EnvelopeOptions withEnvelopeId(String value) {
        return new EnvelopeOptions(Optional.of(value), ret, smtpUtf8, requireTls);
    }

    public EnvelopeOptions withRet(DsnReturn value) {
        return new EnvelopeOptions(envelopeId, Optional.of(value), smtpUtf8, requireTls);
    }

    public EnvelopeOptions withSmtpUtf8(boolean value) {
        return new EnvelopeOptions(envelopeId, ret, value, requireTls);
    }

    public EnvelopeOptions withRequireTls(boolean value) {
        return new EnvelopeOptions(envelopeId, ret, smtpUtf8, value);
    }

    /** Whether the notices about this message return its full content rather than its headers only. */
    public boolean returnsFullContent() {
        return ret.filter(DsnReturn.FULL::equals).isPresent();
    }
}
