package dev.mailserver.app;

import java.io.IOException;
import java.util.concurrent.Callable;

import org.apache.james.core.Domain;

import dev.mailserver.storage.LocalDomains;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code mailserver domain remove DOMAIN}. */
@Command(name = "remove", mixinStandardHelpOptions = true,
    description = "Remove a local domain added with `domain add`: its mail is no longer accepted. Mailboxes are kept.")
final class DomainRemoveCommand implements Callable<Integer> {
    @Mixin
    private ConfigOption configOption;

    @Parameters(paramLabel = "DOMAIN", description = "the domain name")
    private String name;

    @Override
    public Integer call() throws IOException {
        ServerConfig config = configOption.load();
        Domain domain = DomainArgument.parse(name);
        DomainArgument.requireNotConfigured(domain, config);
        try {
            LocalDomains.open(config.domainsFile()).remove(domain);
        } catch (IllegalArgumentException e) {
            throw CommandFailure.failed(e.getMessage());
        }
        System.out.println("Removed domain " + domain.asString());
        return 0;
    }
}
