package dev.mailserver.app;

import java.io.IOException;
import java.util.concurrent.Callable;

import org.apache.james.core.Domain;

import dev.mailserver.storage.LocalDomains;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code mailserver domain add DOMAIN}. */
@Command(name = "add", mixinStandardHelpOptions = true,
    description = "Add a local domain: mail for its users, aliases and mailboxes is accepted and delivered here.")
final class DomainAddCommand implements Callable<Integer> {
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
            LocalDomains.open(config.domainsFile()).add(domain);
        } catch (IllegalArgumentException e) {
            throw CommandFailure.failed(e.getMessage());
        }
        System.out.println("Added domain " + domain.asString() + " to " + config.domainsFile());
        return 0;
    }
}
