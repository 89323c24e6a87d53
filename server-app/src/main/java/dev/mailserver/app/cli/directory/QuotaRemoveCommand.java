package dev.mailserver.app.cli.directory;

import java.io.IOException;
import java.util.concurrent.Callable;

import dev.mailserver.app.cli.CommandFailure;
import dev.mailserver.app.cli.ConfigOption;
import dev.mailserver.app.config.ServerConfig;
import dev.mailserver.storage.quota.Quotas;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code mailserver quota remove USER|@DOMAIN}. */
@Command(name = "remove", mixinStandardHelpOptions = true,
    description = "Remove the limits of a user or domain: the domain's, or the configured default, apply again.")
final class QuotaRemoveCommand implements Callable<Integer> {
    @Mixin
    private ConfigOption configOption;

    @Parameters(paramLabel = "USER|@DOMAIN", description = "a user's address, or @ and a local domain")
    private String who;

    @Override
    public Integer call() throws IOException {
        ServerConfig config = configOption.load();
        String key = QuotaKey.parse(who, config);
        CommandFailure.unlessRefused(() -> Quotas.open(config.quotasFile(), config.delivery().local().defaultQuota()).remove(key));
        System.out.println("Removed the quota of " + key);
        return 0;
    }
}
