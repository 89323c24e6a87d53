package dev.mailserver.app.cli.directory;

import org.apache.james.core.Domain;

import dev.mailserver.app.cli.CommandFailure;

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
}
