package dev.mailserver.app.cli.directory;

import java.io.IOException;
import java.util.concurrent.Callable;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;

import dev.mailserver.app.cli.CommandFailure;
import dev.mailserver.app.cli.ConfigOption;
import dev.mailserver.app.cli.LocalAddress;
import dev.mailserver.app.config.ServerConfig;
import dev.mailserver.storage.directory.Aliases;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code mailserver alias remove ALIAS}. */
@Command(name = "remove", mixinStandardHelpOptions = true,
    description = "Remove an alias (its mail is no longer accepted), or with @DOMAIN the domain's catch-all.")
final class AliasRemoveCommand implements Callable<Integer> {
    @Mixin
    private ConfigOption configOption;

    @Parameters(paramLabel = "ALIAS", description = "the alias address, or @DOMAIN")
    private String alias;

    @Override
    public Integer call() throws IOException {
        ServerConfig config = configOption.load();
        Aliases aliases = Aliases.open(config.aliasesFile());
        if (alias.startsWith("@")) {
            Domain domain = DomainArgument.parse(alias.substring(1));
            CommandFailure.unlessRefused(() -> aliases.removeCatchAll(domain));
            System.out.println("Removed the catch-all of " + domain.asString());
        } else {
            MailAddress aliasAddress = LocalAddress.parseAny(alias);
            CommandFailure.unlessRefused(() -> aliases.remove(aliasAddress));
            System.out.println("Removed alias " + aliasAddress.asString());
        }
        return 0;
    }
}
