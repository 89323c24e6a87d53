package dev.mailserver.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import dev.mailserver.app.cli.ConfigCommand;
import dev.mailserver.app.config.QueuedLogLines;
import dev.mailserver.app.cli.FailureReporter;
import dev.mailserver.app.cli.RunCommand;
import dev.mailserver.app.cli.SendmailCommand;
import dev.mailserver.app.cli.dkim.DkimCommand;
import dev.mailserver.app.cli.directory.AliasCommand;
import dev.mailserver.app.cli.directory.DomainCommand;
import dev.mailserver.app.cli.directory.QuotaCommand;
import dev.mailserver.app.cli.directory.UserCommand;
import dev.mailserver.app.cli.queue.QueueCommand;
import dev.mailserver.app.cli.sieve.SieveCommand;

/** The {@code mailserver} command. */
@Command(name = "mailserver", mixinStandardHelpOptions = true, version = "mailserver 0.1.0",
    description = "A mail server: SMTP in, a durable spool, Maildir out.",
    subcommands = {RunCommand.class, ConfigCommand.class, UserCommand.class, DomainCommand.class, AliasCommand.class,
        QuotaCommand.class, SendmailCommand.class, QueueCommand.class, DkimCommand.class, SieveCommand.class})
public final class Main implements Runnable {

    /** Netty's and Guice's use of sun.misc.Unsafe makes JDK 24+ print warnings at start. */
    private static final int FIRST_JDK_WARNING_ABOUT_UNSAFE = 24;

    public static void main(String[] args) {
        // Set here, not only in the launchers, so that the first output is clean however the jar is started.
        // Guice generates bytecode only for AOP, which we do not use; netty then uses the supported APIs.
        setUnlessGiven("guice_bytecode_gen_option", "DISABLED");
        if (Runtime.version().feature() >= FIRST_JDK_WARNING_ABOUT_UNSAFE) {
            setUnlessGiven("io.netty.noUnsafe", "true");
        }
        // Netty's leak detector samples one buffer in 128 and records where it was made with a stack trace
        // (about one trace per three messages received); -Dio.netty.leakDetection.level=paranoid turns it on
        // to look for a leak (docs/performance.md).
        setUnlessGiven("io.netty.leakDetection.level", "disabled");
        // Netty's pooled allocator holds memory in chunks of 8 KiB << maxOrder, one or more per arena (two
        // heap and two direct arenas per CPU), and keeps them once used. A read is at most 64 KiB, so 1 MiB
        // chunks serve it as well as the default 4 MiB, with a quarter of the memory (docs/performance.md).
        setUnlessGiven("io.netty.allocator.maxOrder", "7");
        int exitCode = new CommandLine(new Main()).setExecutionExceptionHandler(new FailureReporter()).execute(args);
        QueuedLogLines.writeAll();
        if (exitCode != 0) {
            System.exit(exitCode);
        }
    }

    private static void setUnlessGiven(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
