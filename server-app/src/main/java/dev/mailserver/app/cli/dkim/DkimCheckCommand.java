package dev.mailserver.app.cli.dkim;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import dev.mailserver.app.cli.CommandFailure;
import dev.mailserver.app.cli.ConfigOption;
import dev.mailserver.app.config.ServerConfig;
import dev.mailserver.auth.dkim.DkimKeyCheck;
import dev.mailserver.auth.dkim.DkimKeyStore;
import dev.mailserver.auth.dkim.DkimSigningKey;
import dev.mailserver.auth.dns.AuthDns;

/** {@code mailserver dkim check DOMAIN}: is each key of the domain published as it should be? */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = "Look up the TXT record of each DKIM key of DOMAIN (with the name servers of mailserver.delivery.dns) "
        + "and say whether it matches the key. Exit code 1 when one does not.")
final class DkimCheckCommand implements Callable<Integer> {
    @Mixin
    private ConfigOption configOption;

    @Parameters(index = "0", paramLabel = "DOMAIN", description = "the signing domain")
    private String domain;

    @Override
    public Integer call() throws IOException {
        ServerConfig config = configOption.load();
        List<DkimSigningKey> keys = new DkimKeyStore(config.dkimDir()).keys(domain);
        if (keys.isEmpty()) {
            throw CommandFailure.failed("no DKIM key for " + domain + " in " + config.dkimDir() + " (make one with `mailserver dkim keygen`)");
        }
        DkimKeyCheck check = new DkimKeyCheck(AuthDns.using(config.delivery().dnsServers(), config.delivery().dnsTimeout()));
        boolean allMatch = true;
        for (DkimSigningKey key : keys) {
            DkimKeyCheck.Verdict verdict = check.check(key);
            allMatch &= verdict.outcome() == DkimKeyCheck.Outcome.MATCHES;
            System.out.println((verdict.outcome() == DkimKeyCheck.Outcome.MATCHES ? "OK " : "NOT OK ") + key.recordName()
                + " (" + key.algorithm().keyType() + "): " + verdict.detail());
        }
        return allMatch ? 0 : 1;
    }
}
