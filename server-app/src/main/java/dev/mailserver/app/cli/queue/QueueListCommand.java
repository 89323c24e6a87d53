package dev.mailserver.app.cli.queue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import dev.mailserver.app.admin.QueueFilterParameters;
import dev.mailserver.app.admin.QueueRoutes;
import dev.mailserver.app.admin.QueueViews;
import dev.mailserver.app.cli.AdminApiException;
import dev.mailserver.app.cli.AdminClient;
import dev.mailserver.app.cli.AdminCommand;

/** {@code mailserver queue list}: the queued messages, oldest first, like {@code mailq}. */
@Command(name = "list", mixinStandardHelpOptions = true,
    description = "List the queued messages, oldest first, with each recipient's state and last result (like mailq).")
final class QueueListCommand extends AdminCommand {
    private static final String ROW = "%-16s %9s  %-20s  %-8s  %s%n";
    private static final String CONTINUATION = "%60s%s%n";

    @Mixin
    private QueueFilterOptions filter;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "" + QueueRoutes.DEFAULT_LIMIT,
        description = "list at most N messages (default: ${DEFAULT-VALUE})")
    private int limit;

    @Override
    protected void run(AdminClient client) throws AdminApiException, InterruptedException {
        Map<String, String> query = new LinkedHashMap<>(filter.parameters());
        query.put("limit", String.valueOf(limit));
        String answer = client.get("/queue", query);
        if (json) {
            System.out.println(answer);
            return;
        }
        List<QueueViews.Message> messages = client.read(answer, new TypeReference<>() { });
        if (messages.isEmpty()) {
            System.out.println("Mail queue is empty");
            return;
        }
        System.out.printf(ROW, "-Queue ID-", "--Size--", "----Arrival Time----", "-State-", "-Sender/Recipient-------");
        for (QueueViews.Message message : messages) {
            System.out.printf(ROW, message.id(), message.size(), Instant.parse(message.arrivedAt()).truncatedTo(ChronoUnit.SECONDS), message.state(),
                message.sender().isEmpty() ? QueueFilterParameters.NULL_SENDER : message.sender());
            for (QueueViews.Recipient recipient : message.recipients()) {
                String result = recipient.lastResult().isEmpty() ? "" : " (" + recipient.lastResult() + ")";
                System.out.printf(CONTINUATION, "", recipient.address() + " [" + recipient.status() + "]" + result);
            }
        }
        long bytes = messages.stream().mapToLong(QueueViews.Message::size).sum();
        System.out.printf("-- %d bytes in %d message%s%s%n", bytes, messages.size(), messages.size() == 1 ? "" : "s",
            messages.size() == limit ? " (the first " + limit + "; see --limit)" : "");
    }
}
