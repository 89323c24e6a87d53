package dev.mailserver.app;

import org.apache.james.core.Domain;

/** A domain given on the command line. */
final class DomainArgument {
    private DomainArgument() {
    }

    /** @throws CommandFailure when it is no domain name */
    static Domain parse(String text) {
        try {
            return Domain.of(text);
        } catch (IllegalArgumentException e) {
            throw CommandFailure.badInput("'" + text + "' is not a domain name: " + e.getMessage());
        }
    }

    /** @throws CommandFailure when the domain is set in the configuration, where the command cannot change it */
    static void requireNotConfigured(Domain domain, ServerConfig config) {
        if (config.domains().contains(domain)) {
            throw CommandFailure.failed(domain.asString() + " is set in mailserver.domains of " + config.source() + "; change it there");
        }
    }
}
