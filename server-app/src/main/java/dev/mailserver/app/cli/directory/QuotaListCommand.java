package dev.mailserver.app.cli.directory;

import java.io.IOException;
import java.util.concurrent.Callable;

import dev.mailserver.app.cli.ConfigOption;
import dev.mailserver.app.config.ServerConfig;
import dev.mailserver.storage.quota.Quotas;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code mailserver quota list}: {@code user@domain: <bytes> <messages>} lines, sorted. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the quota limits set, `user@domain: <bytes> <messages>` a line.")
final class QuotaListCommand implements Callable<Integer> {
    @Mixin
    private ConfigOption configOption;

    @Override
    public Integer call() throws IOException {
        ServerConfig config = configOption.load();
        Quotas.open(config.quotasFile(), config.delivery().local().defaultQuota()).list()
            .forEach((key, limits) -> System.out.println(key + ": " + limits));
        return 0;
    }
}
