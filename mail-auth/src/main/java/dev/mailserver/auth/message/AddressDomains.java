package dev.mailserver.auth.message;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.apache.james.mime4j.dom.address.AddressList;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.field.address.LenientAddressParser;

import dev.mailserver.core.mime.HeaderSection.Field;

/** The domains of the addresses in an address field (From, Sender), lower-cased. */
public final class AddressDomains {
    private AddressDomains() {
    }

    public static List<String> of(Field field) {
        AddressList addresses = LenientAddressParser.DEFAULT.parseAddressList(field.value());
        return addresses.flatten().stream()
            .map(Mailbox::getDomain)
            .filter(domain -> domain != null && !domain.isBlank())
            .map(domain -> domain.strip().toLowerCase(Locale.ROOT))
            .toList();
    }

    /** The one domain of the field, when all its addresses (at least one) share it. */
    public static Optional<String> singleDomain(Field field) {
        List<String> domains = of(field).stream().distinct().toList();
        return domains.size() == 1 ? Optional.of(domains.get(0)) : Optional.empty();
    }
}
