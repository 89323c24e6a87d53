package dev.mailserver.app.cli.sieve;

import java.io.IOException;
import java.util.concurrent.Callable;

import org.apache.james.core.MailAddress;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import dev.mailserver.storage.sieve.SieveScripts;

/**
 * A {@code sieve} command on one script of a user, {@code mailserver sieve COMMAND USER NAME ...}: USER is
 * checked to be a mailbox and NAME a script name before the command does its job.
 */
abstract class SieveScriptCommand implements Callable<Integer> {
    @Mixin
    private SieveUser sieveUser;

    @Parameters(index = "1", paramLabel = "NAME", description = "the script's name")
    private String name;

    @Override
    public final Integer call() throws IOException {
        MailAddress user = sieveUser.address();
        String checked = SieveUser.checkedName(name);
        run(sieveUser.scripts(), user, checked);
        return 0;
    }

    /** Does the command's job on {@code user}'s script {@code name}; a {@link dev.mailserver.app.cli.CommandFailure} ends it. */
    abstract void run(SieveScripts scripts, MailAddress user, String name) throws IOException;
}
