package dev.mailserver.app.cli.directory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.apache.james.core.MailAddress;

import dev.mailserver.app.cli.CommandFailure;
import dev.mailserver.app.cli.ConfigOption;
import dev.mailserver.app.cli.LocalAddress;
import dev.mailserver.app.config.ServerConfig;
import dev.mailserver.storage.Aliases;
import dev.mailserver.storage.UserAccounts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code mailserver alias add ALIAS TARGET...}. */
@Command(name = "add", mixinStandardHelpOptions = true,
    description = "Add an alias: mail for ALIAS is accepted and delivered into the mailbox of each TARGET. "
        + "Both are in local domains; a target is a mailbox (a user or one of mailserver.mailboxes), not another alias.")
final class AliasAddCommand implements Callable<Integer> {
    @Mixin
    private ConfigOption configOption;

    @Parameters(index = "0", paramLabel = "ALIAS", description = "the alias address")
    private String alias;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "TARGET", description = "the addresses its mail goes to")
    private List<String> targets;

    @Override
    public Integer call() throws IOException {
        ServerConfig config = configOption.load();
        MailAddress aliasAddress = LocalAddress.parse(alias, config);
        if (config.mailboxes().contains(aliasAddress) || UserAccounts.open(config.usersFile()).exists(aliasAddress)) {
            throw CommandFailure.failed(aliasAddress.asString() + " is a mailbox already; an alias cannot have the same address");
        }
        Aliases aliases = Aliases.open(config.aliasesFile());
        List<MailAddress> targetAddresses = new ArrayList<>();
        for (String target : targets) {
            MailAddress targetAddress = LocalAddress.parse(target, config);
            if (aliases.exists(targetAddress) || targetAddress.equals(aliasAddress)) {
                throw CommandFailure.badInput(targetAddress.asString() + " is an alias; a target is a mailbox (aliases expand one level)");
            }
            targetAddresses.add(targetAddress);
        }
        CommandFailure.unlessRefused(() -> aliases.add(aliasAddress, targetAddresses));
        System.out.println("Added alias " + aliasAddress.asString() + " for " + String.join(", ", targets));
        return 0;
    }
}
