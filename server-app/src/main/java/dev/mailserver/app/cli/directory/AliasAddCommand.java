package dev.mailserver.app.cli.directory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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

/** {@code mailserver alias add ALIAS TARGET...}, {@code mailserver alias add @DOMAIN TARGET...} for a catch-all. */
@Command(name = "add", mixinStandardHelpOptions = true,
    description = "Add an alias: mail for ALIAS is accepted and delivered to each TARGET, a mailbox (a user or one of "
        + "mailserver.mailboxes) or another alias, but never back to ALIAS, or forwarded to a TARGET in another domain "
        + "(with an SRS sender and an ARC seal, see docs/forwarding.md). ALIAS is in a local domain. "
        + "ALIAS @DOMAIN is the domain's catch-all: it takes mail for any address of DOMAIN that no mailbox or alias takes.")
final class AliasAddCommand implements Callable<Integer> {
    @Mixin
    private ConfigOption configOption;

    @Parameters(index = "0", paramLabel = "ALIAS", description = "the alias address, or @DOMAIN")
    private String alias;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "TARGET", description = "the addresses its mail goes to")
    private List<String> targets;

    @Override
    public Integer call() throws IOException {
        ServerConfig config = configOption.load();
        Aliases aliases = Aliases.open(config.aliasesFile());
        List<MailAddress> targetAddresses = new ArrayList<>();
        for (String target : targets) {
            targetAddresses.add(LocalAddress.parseAny(target));
        }
        if (alias.startsWith("@")) {
            Domain domain = LocalAddress.requireLocal(DomainArgument.parse(alias.substring(1)), config);
            CommandFailure.unlessRefused(() -> aliases.addCatchAll(domain, targetAddresses));
        } else {
            MailAddress aliasAddress = LocalAddress.parse(alias, config);
            if (LocalAddress.isMailbox(aliasAddress, config)) {
                throw CommandFailure.failed(aliasAddress.asString() + " is a mailbox already; an alias cannot have the same address");
            }
            CommandFailure.unlessRefused(() -> aliases.add(aliasAddress, targetAddresses));
        }
        System.out.println("Added alias " + alias.toLowerCase(Locale.ROOT) + " for " + String.join(", ", targets));
        return 0;
    }
}
