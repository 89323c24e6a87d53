package dev.mailserver.storage;

import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;

/** Builds addresses from literals that are known to parse. */
final class Addresses {
    private Addresses() {
    }

    static MailAddress address(String address) {
        try {
            return new MailAddress(address);
        } catch (AddressException e) {
            throw new IllegalArgumentException(address, e);
        }
    }
}
