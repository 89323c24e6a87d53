package dev.mailserver.auth.spf;

import java.net.InetAddress;

/** Whether an address lies within a network given by an address and a prefix length. */
final class AddressRange {
    private AddressRange() {
    }

    static boolean contains(InetAddress network, int prefixLength, InetAddress address) {
        byte[] a = network.getAddress();
        byte[] b = address.getAddress();
        if (a.length != b.length) {
            return false;
        }
        int full = prefixLength / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != b[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (a[full] & mask) == (b[full] & mask);
    }
}
