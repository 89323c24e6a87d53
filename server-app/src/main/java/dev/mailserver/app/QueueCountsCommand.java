package dev.mailserver.app;

import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;

import picocli.CommandLine.Command;

/** {@code mailserver queue counts}: how many messages are queued, by state and by destination domain. */
@Command(name = "counts", mixinStandardHelpOptions = true,
    description = "Count the queued messages by state and by destination domain (like qshape, in short).")
final class QueueCountsCommand extends AdminCommand {
    @Override
    void run(AdminClient client) throws AdminApiException, InterruptedException {
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
