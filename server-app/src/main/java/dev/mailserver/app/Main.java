package dev.mailserver.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import dev.mailserver.app.cli.ConfigCommand;
import dev.mailserver.app.cli.FailureReporter;
import dev.mailserver.app.cli.RunCommand;
import dev.mailserver.app.cli.SendmailCommand;
import dev.mailserver.app.cli.dkim.DkimCommand;
import dev.mailserver.app.cli.directory.AliasCommand;
import dev.mailserver.app.cli.directory.DomainCommand;
import dev.mailserver.app.cli.directory.QuotaCommand;
import dev.mailserver.app.cli.directory.UserCommand;
import dev.mailserver.app.cli.queue.QueueCommand;

/** The {@code mailserver} command. */
@Command(name = "mailserver", mixinStandardHelpOptions = true, version = "mailserver 0.1.0",
    description = "A mail server: SMTP in, a durable spool, Maildir out.",
    subcommands = {RunCommand.class, ConfigCommand.class, UserCommand.class, DomainCommand.class, AliasCommand.class,
        QuotaCommand.class, SendmailCommand.class, QueueCommand.class, DkimCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        int exitCode = new CommandLine(new Main()).setExecutionExceptionHandler(new FailureReporter()).execute(args);
        if (exitCode != 0) {
            System.exit(exitCode);
        }
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
