package dev.mailserver.app.cli.directory;

import java.io.IOException;
import java.util.concurrent.Callable;

import dev.mailserver.app.cli.ConfigOption;
import dev.mailserver.storage.directory.DomainAliases;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code mailserver domain alias list}: {@code alias: domain} lines, sorted. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the domain aliases, `alias: domain` a line.")
final class DomainAliasListCommand implements Callable<Integer> {
    @Mixin
    private ConfigOption configOption;

    @Override
    public Integer call() throws IOException {
        DomainAliases.open(configOption.load().domainAliasesFile()).list().forEach((alias, domain) -> System.out.println(alias + ": " + domain));
        return 0;
    }
}
