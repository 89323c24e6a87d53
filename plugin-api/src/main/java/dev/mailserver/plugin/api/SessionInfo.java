package dev.mailserver.plugin.api;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A read-only view of one SMTP session, as a hook sees it when it is called. */
public interface SessionInfo {
    /** An identifier of the connection, for logs. */
    String sessionId();

    /** The listener's name, e.g. {@code mta}. */
    String listenerName();

    /** The listener's role in lower case: {@code mta} or {@code submission}. */
    String role();

    /** The client's IP address. */
    InetAddress clientAddress();

    /** The name the client gave with HELO or EHLO, once it has. */
    Optional<String> heloName();

    /** The user the client authenticated as, once it has. */
    Optional<String> authenticatedUser();

    /** Whether the connection is encrypted. */
    boolean isTls();

    /** The envelope sender of the current transaction ({@code ""} for the null sender), once MAIL was accepted. */
    Optional<String> sender();

    /** The recipients accepted so far in the current transaction. */
    List<String> recipients();

    /**
     * Values a plugin keeps for the rest of the connection (e.g. the result of a look-up made at
     * connect), shared by all plugins of the session: prefix keys with the plugin's name. Use it only
     * from hook calls and their completions, which the server keeps on the session's thread.
     */
    Map<String, Object> attributes();
}
