package dev.mailserver.core;

import java.util.Locale;
import java.util.regex.Pattern;

import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;

import com.ibm.icu.text.IDNA;

/**
 * Mail addresses with UTF-8 (SMTPUTF8, RFC 6531/6532) in one internal form, so that the rest of the server
 * keeps using James's {@link MailAddress}, which takes UTF-8 only in a quoted local part:
 *
 * <ul>
 *   <li>the domain as its A-label ({@code xn--bcher-kva.de}): U-labels and A-labels are the same domain
 *       (IDNA 2008 by UTS #46 non-transitional processing, so {@code straße.de} stays itself rather than
 *       becoming {@code strasse.de} as with the JDK's IDNA 2003);</li>
 *   <li>a UTF-8 local part that is a dot-atom quoted ({@code "jöran"}), which RFC 5321 makes the same
 *       mailbox as the unquoted form.</li>
 * </ul>
 *
 * {@link #toExternal} gives the address back as it goes on the wire and into logs: {@code jöran@xn--bcher-kva.de}.
 */
public final class InternationalAddresses {
    private static final IDNA UTS46 = IDNA.getUTS46Instance(IDNA.NONTRANSITIONAL_TO_ASCII | IDNA.CHECK_BIDI
        | IDNA.CHECK_CONTEXTJ | IDNA.CHECK_CONTEXTO | IDNA.USE_STD3_RULES);
    /** RFC 6531 atext: RFC 5322 atext plus any non-ASCII character. */
    private static final Pattern UTF8_DOT_ATOM = Pattern.compile("[\\p{Alnum}!#$%&'*+/=?^_`{|}~\\-\\P{ASCII}]+(\\.[\\p{Alnum}!#$%&'*+/=?^_`{|}~\\-\\P{ASCII}]+)*");

    private InternationalAddresses() {
    }

    /** Parses an address as a client or a configuration file writes it, UTF-8 allowed. */
    public static MailAddress parse(String address) throws AddressException {
        return new MailAddress(toInternal(address));
    }

    /**
     * The internal form of an address for James's parser; ASCII addresses come back unchanged.
     *
     * @throws AddressException when the domain is no valid IDNA 2008 name or the local part is malformed UTF-8
     */
    public static String toInternal(String address) throws AddressException {
        if (address.chars().allMatch(c -> c < 128)) {
            return address;
        }
        int at = address.lastIndexOf('@');
        if (at <= 0) {
            throw new AddressException("not an address: " + address);
        }
        String localPart = address.substring(0, at);
        String domain = address.substring(at + 1);
        if (!localPart.chars().allMatch(c -> c < 128) && !localPart.startsWith("\"")) {
            if (!UTF8_DOT_ATOM.matcher(localPart).matches() || localPart.indexOf('\uFFFD') >= 0) {
                throw new AddressException("invalid UTF-8 local part: " + localPart);
            }
            localPart = '"' + localPart + '"';
        }
        return localPart + '@' + toAsciiDomain(domain);
    }

    /** The A-label form of a domain given with U-labels or A-labels. */
    public static String toAsciiDomain(String domain) throws AddressException {
        if (domain.startsWith("[")) {
            return domain;
        }
        StringBuilder ascii = new StringBuilder();
        IDNA.Info info = new IDNA.Info();
        UTS46.nameToASCII(domain, ascii, info);
        if (info.hasErrors()) {
            throw new AddressException("not a valid internationalized domain name: " + domain + " " + info.getErrors());
        }
        return ascii.toString().toLowerCase(Locale.ROOT);
    }

    /** Whether the address can only be sent with SMTPUTF8: its local part is not ASCII. */
    public static boolean needsSmtpUtf8(MailAddress address) {
        return !address.getLocalPart().chars().allMatch(c -> c < 128);
    }

    /** The local part as the mailbox is named: a quoted UTF-8 local part without its quotes. */
    public static String mailboxName(MailAddress address) {
        String localPart = address.getLocalPart();
        if (needsSmtpUtf8(address) && localPart.length() > 2 && localPart.startsWith("\"") && localPart.endsWith("\"")) {
            String inner = localPart.substring(1, localPart.length() - 1);
            if (UTF8_DOT_ATOM.matcher(inner).matches()) {
                return inner;
            }
        }
        return localPart;
    }

    /** The address as it goes on the wire with SMTPUTF8 and into logs: {@code jöran@xn--bcher-kva.de}. */
    public static String toExternal(MailAddress address) {
        return mailboxName(address) + '@' + address.getDomain().asString();
    }
}
