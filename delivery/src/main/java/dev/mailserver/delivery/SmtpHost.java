package dev.mailserver.delivery;

import java.net.InetAddress;

/**
 * One address of a next hop to connect to.
 *
 * @param name the host name, for logs and for checking its TLS certificate
 */
record SmtpHost(String name, InetAddress address, int port) {

    /** As in the log's {@code relay=} field: {@code mx.example.org[192.0.2.1]:25}. */
    @Override
    public String toString() {
        return name + "[" + address.getHostAddress() + "]:" + port;
    }
}
