package dev.mailserver.app.cli.queue;

import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;

import dev.mailserver.app.admin.QueueViews;
import dev.mailserver.app.cli.AdminApiException;
import dev.mailserver.app.cli.AdminClient;
import dev.mailserver.app.cli.AdminCommand;
import dev.mailserver.core.queue.MessageHeader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code mailserver queue show ID}: one queued message, like {@code postcat -q}. */
@Command(name = "show", mixinStandardHelpOptions = true,
    description = "Show one queued message: envelope, each recipient's state, attempts and its header (like postcat -q).")
final class QueueShowCommand extends AdminCommand {
    @Parameters(paramLabel = "ID", description = "the queue id")
    private String id;

    @Override
    protected void run(AdminClient client) throws AdminApiException, InterruptedException {
        String answer = client.get("/queue/" + id, Map.of());
        if (json) {
            System.out.println(answer);
            return;
        }
        QueueViews.Details details = client.read(answer, new TypeReference<>() { });
        QueueViews.Message message = details.message();
        System.out.println("Queue id:     " + message.id());
        System.out.println("State:        " + message.state());
        System.out.println("Sender:       <" + message.sender() + ">");
        System.out.println("Size:         " + message.size());
        System.out.println("Arrived:      " + message.arrivedAt());
        System.out.println("Attempts:     " + message.attempts());
        System.out.println("Next attempt: " + message.nextAttemptAt());
        for (QueueViews.Recipient recipient : message.recipients()) {
            System.out.println("Recipient:    <" + recipient.address() + "> " + recipient.status()
                + (recipient.lastResult().isEmpty() ? "" : " (" + recipient.lastResult() + ")"));
        }
        System.out.println();
        for (MessageHeader header : details.headers()) {
            System.out.println(header.name() + ": " + header.value());
        }
    }
}
