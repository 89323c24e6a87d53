package dev.mailserver.app.cli.queue;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code mailserver queue ...}: the running server's queue, like Postfix's mailq, postqueue and postsuper. */
@Command(name = "queue", mixinStandardHelpOptions = true,
    description = "Look at and manage the running server's queue, through its admin API (mailserver.admin).",
    subcommands = {QueueListCommand.class, QueueShowCommand.class, QueueCountsCommand.class,
        QueueChangeCommand.Flush.class, QueueChangeCommand.Hold.class, QueueChangeCommand.Release.class,
        QueueChangeCommand.Requeue.class, QueueChangeCommand.Delete.class})
public final class QueueCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand, e.g. `queue list`");
    }
}
