package dev.mailserver.storage;

import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;

/** Builds addresses from literals that are known to parse. */
public final class Addresses {
    private Addresses() {
    }

    public static MailAddress address(String address) {
        try {
            return new MailAddress(address);
        } catch (AddressException e) {
            throw new IllegalArgumentException(address, e);
        }
    }
}
