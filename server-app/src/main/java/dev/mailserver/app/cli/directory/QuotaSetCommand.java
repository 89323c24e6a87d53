package dev.mailserver.app.cli.directory;

import java.io.IOException;
import java.util.concurrent.Callable;

import dev.mailserver.app.cli.CommandFailure;
import dev.mailserver.app.cli.ConfigOption;
import dev.mailserver.app.config.ServerConfig;
import dev.mailserver.storage.quota.QuotaLimits;
import dev.mailserver.storage.quota.Quotas;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code mailserver quota set USER|@DOMAIN SIZE MESSAGES}. */
@Command(name = "set", mixinStandardHelpOptions = true,
    description = "Set the limits of a user, or with @DOMAIN of the domain's users that have none of their own. 0 means no limit.")
final class QuotaSetCommand implements Callable<Integer> {
    @Mixin
    private ConfigOption configOption;

    @Parameters(index = "0", paramLabel = "USER|@DOMAIN", description = "a user's address, or @ and a local domain")
    private String who;

    @Parameters(index = "1", paramLabel = "SIZE", description = "bytes, or with K, M, G, KiB, MiB, GiB (e.g. 1GiB)")
    private String size;

    @Parameters(index = "2", paramLabel = "MESSAGES", description = "how many messages")
    private String messages;

    @Override
    public Integer call() throws IOException {
        ServerConfig config = configOption.load();
        String key = QuotaKey.parse(who, config);
        QuotaLimits limits;
        try {
            limits = QuotaLimits.parse(size + " " + messages);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw CommandFailure.badInput(e.getMessage());
        }
        CommandFailure.unlessRefused(() -> Quotas.open(config.quotasFile(), config.delivery().local().defaultQuota()).set(key, limits));
        System.out.println("Quota of " + key + ": " + limits.bytes() + " bytes, " + limits.messages() + " messages (0: no limit)");
        return 0;
    }
}
