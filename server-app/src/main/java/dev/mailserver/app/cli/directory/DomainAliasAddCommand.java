package dev.mailserver.app.cli.directory;

import java.io.IOException;
import java.util.concurrent.Callable;

import org.apache.james.core.Domain;

import dev.mailserver.app.cli.CommandFailure;
import dev.mailserver.app.cli.ConfigOption;
import dev.mailserver.app.cli.LocalAddress;
import dev.mailserver.app.config.ServerConfig;
import dev.mailserver.storage.directory.DomainAliases;
import dev.mailserver.storage.directory.LocalDomains;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code mailserver domain alias add ALIAS DOMAIN}. */
@Command(name = "add", mixinStandardHelpOptions = true,
    description = "Add a domain alias: mail for any user@ALIAS is accepted and delivered as mail for user@DOMAIN. "
        + "DOMAIN is a local domain; ALIAS is not.")
final class DomainAliasAddCommand implements Callable<Integer> {
    @Mixin
    private ConfigOption configOption;

    @Parameters(index = "0", paramLabel = "ALIAS", description = "the alias domain")
    private String alias;

    @Parameters(index = "1", paramLabel = "DOMAIN", description = "the local domain it stands for")
    private String domain;

    @Override
    public Integer call() throws IOException {
        ServerConfig config = configOption.load();
        Domain aliasDomain = DomainArgument.parse(alias);
        Domain target = LocalAddress.requireLocal(DomainArgument.parse(domain), config);
        if (config.domains().contains(aliasDomain) || LocalDomains.open(config.domainsFile()).contains(aliasDomain)) {
            throw CommandFailure.failed(aliasDomain.asString() + " is a local domain with mailboxes of its own; an alias domain has none");
        }
        CommandFailure.unlessRefused(() -> DomainAliases.open(config.domainAliasesFile()).add(aliasDomain, target));
        System.out.println("Added domain alias " + aliasDomain.asString() + " for " + target.asString());
        return 0;
    }
}
