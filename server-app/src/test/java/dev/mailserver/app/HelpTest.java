package dev.mailserver.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/** {@code --help} on every command, and a usage error for a group run without its subcommand. */
class HelpTest {

    @Test
    void everyCommandPrintsItsUsageWithHelp() {
        List<CommandLine> commands = new ArrayList<>();
        collect(new CommandLine(new Main()), commands);

        assertThat(commands).hasSizeGreaterThan(15);
        for (CommandLine command : commands) {
            StringWriter out = new StringWriter();
            command.setOut(new PrintWriter(out));
            String name = command.getCommandSpec().qualifiedName();

            assertThat(command.execute("--help")).as(name).isZero();
            assertThat(out.toString()).as(name).startsWith("Usage: " + name).contains("-h, --help");
        }
    }

    @Test
    void helpAndUsageErrorsAsAUserSeesThem() throws Exception {
        MailserverCommand.Result help = MailserverCommand.run("", Duration.ofSeconds(60), "sendmail", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.output()).startsWith("Usage: mailserver sendmail").contains("-t", "-f=SENDER", "-i, -oi");

        MailserverCommand.Result group = MailserverCommand.run("", Duration.ofSeconds(60), "alias");
        assertThat(group.exitCode()).isEqualTo(2);
        assertThat(group.output()).contains("name a subcommand: add, list, remove", "Usage: mailserver alias");
    }

    private static void collect(CommandLine command, List<CommandLine> into) {
        into.add(command);
        command.getSubcommands().values().forEach(subcommand -> collect(subcommand, into));
    }
}
