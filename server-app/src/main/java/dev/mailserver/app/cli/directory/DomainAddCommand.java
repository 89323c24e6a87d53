package dev.mailserver.app.cli.directory;

import java.io.IOException;

import org.apache.james.core.Domain;

import dev.mailserver.app.config.ServerConfig;
import dev.mailserver.storage.directory.LocalDomains;
import picocli.CommandLine.Command;

/** {@code mailserver domain add DOMAIN}. */
@Command(name = "add", mixinStandardHelpOptions = true,
    description = "Add a local domain: mail for its users, aliases and mailboxes is accepted and delivered here.")
final class DomainAddCommand extends DomainChangeCommand {
    @Override
    void change(LocalDomains domains, Domain domain) throws IOException {
        domains.add(domain);
    }

    @Override
    String done(Domain domain, ServerConfig config) {
        return "Added domain " + domain.asString() + " to " + config.domainsFile();
    }
}
