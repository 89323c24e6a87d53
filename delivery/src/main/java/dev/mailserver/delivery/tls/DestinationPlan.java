package dev.mailserver.delivery.tls;

/** The TLS rules for the hosts of one destination, worked out once per delivery. */
@FunctionalInterface
public interface DestinationPlan {

    HostSecurity forHost(String hostName, int port);

    /** The same rules for every host. */
    static DestinationPlan always(ConnectionSecurity security) {
        HostSecurity connect = new HostSecurity.Connect(security);
        return (hostName, port) -> connect;
    }
}
