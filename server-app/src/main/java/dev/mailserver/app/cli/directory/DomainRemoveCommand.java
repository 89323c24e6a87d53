package dev.mailserver.app.cli.directory;

import java.io.IOException;

import org.apache.james.core.Domain;

import dev.mailserver.app.config.ServerConfig;
import dev.mailserver.storage.directory.LocalDomains;
import picocli.CommandLine.Command;

/** {@code mailserver domain remove DOMAIN}. */
@Command(name = "remove", mixinStandardHelpOptions = true,
    description = "Remove a local domain added with `domain add`: its mail is no longer accepted. Mailboxes are kept.")
final class DomainRemoveCommand extends DomainChangeCommand {
    @Override
    void change(LocalDomains domains, Domain domain) throws IOException {
        domains.remove(domain);
    }

    @Override
    String done(Domain domain, ServerConfig config) {
        return "Removed domain " + domain.asString();
    }
}
