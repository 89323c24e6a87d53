package dev.mailserver.app.cli.directory;

import java.io.IOException;
import java.util.concurrent.Callable;

import org.apache.james.core.Domain;

import dev.mailserver.app.cli.CommandFailure;
import dev.mailserver.app.cli.ConfigOption;
import dev.mailserver.app.config.ServerConfig;
import dev.mailserver.storage.directory.LocalDomains;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code mailserver domain add|remove DOMAIN}: a change of the domains file, never of the configured domains. */
abstract class DomainChangeCommand implements Callable<Integer> {
    @Mixin
    private ConfigOption configOption;

    @Parameters(paramLabel = "DOMAIN", description = "the domain name")
    private String name;

    @Override
    public Integer call() throws IOException {
        ServerConfig config = configOption.load();
        Domain domain = DomainArgument.parse(name);
        if (config.domains().contains(domain)) {
            throw CommandFailure.failed(domain.asString() + " is set in mailserver.domains of " + config.source() + "; change it there");
        }
        LocalDomains domains = LocalDomains.open(config.domainsFile());
        CommandFailure.unlessRefused(() -> change(domains, domain));
        System.out.println(done(domain, config));
        return 0;
    }

    abstract void change(LocalDomains domains, Domain domain) throws IOException;

    /** What to tell the user once it is done. */
    abstract String done(Domain domain, ServerConfig config);
}
