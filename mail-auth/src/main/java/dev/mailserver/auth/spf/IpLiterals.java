package dev.mailserver.auth.spf;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** IP literals as SPF writes them, parsed without any DNS look-up. */
final class IpLiterals {
    private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";

    private IpLiterals() {
    }

    static boolean isIpv4(String text) {
        return text.matches(OCTET + "(\\." + OCTET + "){3}");
    }

    static boolean isIpv6(String text) {
        return text.indexOf(':') >= 0 && text.matches("[0-9A-Fa-f:.]+") && parse(text) != null;
    }

    /** The address, or null when the text is not a literal. */
    static InetAddress parse(String text) {
        if (!isIpv4(text) && !(text.indexOf(':') >= 0 && text.matches("[0-9A-Fa-f:.]+"))) {
            return null;
        }
        try {
            InetAddress address = InetAddress.getByName(text);
            return address instanceof Inet4Address || address instanceof Inet6Address ? address : null;
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
