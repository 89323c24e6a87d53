package dev.mailserver.queue.postgres;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** The default name of a node: its host name and process id, so that two nodes on one host differ. */
final class NodeName {
    private NodeName() {
    }

    static String local() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return host + "/" + ProcessHandle.current().pid();
    }
}
