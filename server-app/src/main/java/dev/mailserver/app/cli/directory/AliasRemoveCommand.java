package dev.mailserver.app.cli.directory;

import java.io.IOException;
import java.util.concurrent.Callable;

import org.apache.james.core.MailAddress;

import dev.mailserver.app.cli.CommandFailure;
import dev.mailserver.app.cli.ConfigOption;
import dev.mailserver.app.cli.LocalAddress;
import dev.mailserver.app.config.ServerConfig;
import dev.mailserver.storage.Aliases;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code mailserver alias remove ALIAS}. */
@Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove an alias: its mail is no longer accepted.")
final class AliasRemoveCommand implements Callable<Integer> {
    @Mixin
    private ConfigOption configOption;

    @Parameters(paramLabel = "ALIAS", description = "the alias address")
    private String alias;

    @Override
    public Integer call() throws IOException {
        ServerConfig config = configOption.load();
        MailAddress aliasAddress = LocalAddress.parseAny(alias);
        CommandFailure.unlessRefused(() -> Aliases.open(config.aliasesFile()).remove(aliasAddress));
        System.out.println("Removed alias " + aliasAddress.asString());
        return 0;
    }
}
