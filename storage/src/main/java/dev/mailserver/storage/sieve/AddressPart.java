package dev.mailserver.storage.sieve;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.field.address.LenientAddressParser;

/**
 * The part of an address that an {@code address} or {@code envelope} test compares: {@code :all}, {@code :localpart},
 * {@code :domain}, and with {@code subaddress} (RFC 5233) {@code :user} and {@code :detail} around the recipient delimiter.
 */
record AddressPart(String part, String delimiter) {

    static AddressPart of(Call test, String delimiter) {
        return new AddressPart(test.oneOf(Grammar.ADDRESS_PARTS, "all"), delimiter);
    }

    /** The addresses of header field values (groups flattened); a value that holds no address is compared whole by {@code :all}. */
    List<String> ofHeaderValues(List<String> values) {
        List<String> parts = new ArrayList<>();
        for (String value : values) {
            List<Mailbox> mailboxes = LenientAddressParser.DEFAULT.parseAddressList(value).flatten();
            if (mailboxes.isEmpty() && part.equals("all")) {
                parts.add(value);
            }
            for (Mailbox mailbox : mailboxes) {
                select(mailbox.getLocalPart(), Optional.ofNullable(mailbox.getDomain())).ifPresent(parts::add);
            }
        }
        return parts;
    }

    /** The part of an envelope address ({@code local@domain}, or empty for the null sender). */
    Optional<String> ofEnvelope(String address) {
        if (address.isEmpty()) {
            return part.equals("all") ? Optional.of("") : Optional.empty();
        }
        int at = address.lastIndexOf('@');
        return at < 0 ? select(address, Optional.empty()) : select(address.substring(0, at), Optional.of(address.substring(at + 1)));
    }

    private Optional<String> select(String localPart, Optional<String> domain) {
        int split = delimiter.isEmpty() ? -1 : localPart.indexOf(delimiter);
        return switch (part) {
            case "localpart" -> Optional.of(localPart);
            case "domain" -> domain;
            case "user" -> Optional.of(split < 0 ? localPart : localPart.substring(0, split));
            case "detail" -> split < 0 ? Optional.empty() : Optional.of(localPart.substring(split + delimiter.length()));
            default -> Optional.of(domain.map(d -> localPart + "@" + d).orElse(localPart));
        };
    }
}
