package dev.mailserver.app.cli.directory;

import java.io.IOException;
import java.util.concurrent.Callable;

import org.apache.james.core.Domain;

import dev.mailserver.app.cli.CommandFailure;
import dev.mailserver.app.cli.ConfigOption;
import dev.mailserver.storage.directory.DomainAliases;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code mailserver domain alias remove ALIAS}. */
@Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a domain alias: its mail is no longer accepted.")
final class DomainAliasRemoveCommand implements Callable<Integer> {
    @Mixin
    private ConfigOption configOption;

    @Parameters(paramLabel = "ALIAS", description = "the alias domain")
    private String alias;

    @Override
    public Integer call() throws IOException {
        Domain aliasDomain = DomainArgument.parse(alias);
        CommandFailure.unlessRefused(() -> DomainAliases.open(configOption.load().domainAliasesFile()).remove(aliasDomain));
        System.out.println("Removed domain alias " + aliasDomain.asString());
        return 0;
    }
}
