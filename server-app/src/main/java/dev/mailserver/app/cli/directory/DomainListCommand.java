package dev.mailserver.app.cli.directory;

import java.io.IOException;
import java.util.TreeSet;
import java.util.concurrent.Callable;

import org.apache.james.core.Domain;

import dev.mailserver.app.cli.ConfigOption;
import dev.mailserver.app.config.ServerConfig;
import dev.mailserver.storage.directory.LocalDomains;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code mailserver domain list}: those of the configuration and those added, one a line, sorted. */
@Command(name = "list", mixinStandardHelpOptions = true,
    description = "List the local domains, those of mailserver.domains and those added with `domain add`, one a line.")
final class DomainListCommand implements Callable<Integer> {
    @Mixin
    private ConfigOption configOption;

    @Override
    public Integer call() throws IOException {
        ServerConfig config = configOption.load();
        TreeSet<String> domains = new TreeSet<>(config.domains().stream().map(Domain::asString).toList());
        LocalDomains.open(config.domainsFile()).list().forEach(domain -> domains.add(domain.asString()));
        domains.forEach(System.out::println);
        return 0;
    }
}
