package dev.mailserver.app.cli.directory;

import java.io.IOException;
import java.util.concurrent.Callable;

import dev.mailserver.app.cli.ConfigOption;
import dev.mailserver.storage.directory.Aliases;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code mailserver alias list}: {@code alias: target, target} lines, sorted. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the aliases, `alias: target, target` a line.")
final class AliasListCommand implements Callable<Integer> {
    @Mixin
    private ConfigOption configOption;

    @Override
    public Integer call() throws IOException {
        Aliases.open(configOption.load().aliasesFile()).list().forEach((alias, targets) -> System.out.println(alias + ": " + targets));
        return 0;
    }
}
