package dev.mailserver.app.cli.queue;

import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;

import picocli.CommandLine.Command;

import dev.mailserver.app.admin.QueueViews;
import dev.mailserver.app.cli.AdminApiException;
import dev.mailserver.app.cli.AdminClient;
import dev.mailserver.app.cli.AdminCommand;

/** {@code mailserver queue counts}: how many messages are queued, by state and by destination domain. */
@Command(name = "counts", mixinStandardHelpOptions = true,
    description = "Count the queued messages by state and by destination domain (like qshape, in short).")
final class QueueCountsCommand extends AdminCommand {
    @Override
    protected void run(AdminClient client) throws AdminApiException, InterruptedException {
        String answer = client.get("/queue/counts", Map.of());
        if (json) {
            System.out.println(answer);
            return;
        }
        QueueViews.Counts counts = client.read(answer, new TypeReference<>() { });
        System.out.printf("%-30s %8d%n", "total", counts.total());
        counts.byState().forEach((state, count) -> System.out.printf("%-30s %8d%n", state, count));
        counts.byDomain().forEach((domain, count) -> System.out.printf("%-30s %8d%n", domain, count));
    }
}
