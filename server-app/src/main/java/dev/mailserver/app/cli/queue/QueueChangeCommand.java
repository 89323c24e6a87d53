package dev.mailserver.app.cli.queue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import dev.mailserver.app.admin.QueueViews;
import dev.mailserver.app.cli.AdminApiException;
import dev.mailserver.app.cli.AdminClient;
import dev.mailserver.app.cli.AdminCommand;

/**
 * The commands that change queued messages: by queue id, by filter, or all of them with {@code --all}. So
 * that no one deletes the whole queue by mistake, one of these is required.
 */
abstract class QueueChangeCommand extends AdminCommand {
    private final String operation;
    private final String done;

    @Parameters(paramLabel = "ID", arity = "0..*", description = "queue ids of the messages")
    private List<String> ids = List.of();

    @Mixin
    private QueueFilterOptions filter;

    @Option(names = "--all", description = "every message in the queue (when no ID and no filter is given)")
    private boolean all;

    QueueChangeCommand(String operation, String done) {
        this.operation = operation;
        this.done = done;
    }

    @Override
    protected void run(AdminClient client) throws AdminApiException, InterruptedException {
        Map<String, String> parameters = filter.parameters();
        if (ids.isEmpty() && parameters.isEmpty() && !all) {
            throw new AdminApiException(AdminApiException.EXIT_BAD_USAGE,
                "name the messages: queue ids, filter options (see --help), or --all for every message");
        }
        if (ids.isEmpty()) {
            if (parameters.isEmpty()) {
                parameters.put("all", "true");
            }
            report(change(client, parameters));
            return;
        }
        int changed = 0;
        for (String id : ids) {
            Map<String, String> byId = new LinkedHashMap<>(parameters);
            byId.put("id", id);
            changed += change(client, byId).count();
        }
        System.out.printf("%s %d of %d message%s%n", done, changed, ids.size(), ids.size() == 1 ? "" : "s");
    }

    private QueueViews.Changed change(AdminClient client, Map<String, String> parameters) throws AdminApiException, InterruptedException {
        String answer = client.post("/queue/" + operation, parameters);
        QueueViews.Changed changed = client.read(answer, new TypeReference<>() { });
        if (json) {
            System.out.println(answer);
        } else {
            changed.ids().forEach(id -> System.out.println(id + ": " + done.toLowerCase(Locale.ROOT)));
        }
        return changed;
    }

    private void report(QueueViews.Changed changed) {
        if (!json) {
            System.out.printf("%s %d message%s%n", done, changed.count(), changed.count() == 1 ? "" : "s");
        }
    }

    @Command(name = "flush", mixinStandardHelpOptions = true,
        description = "Make messages due now and wake the delivery engine; held ones stay held (like postqueue -f / -i).")
    static final class Flush extends QueueChangeCommand {
        Flush() {
            super("flush", "Flushed");
        }
    }

    @Command(name = "hold", mixinStandardHelpOptions = true,
        description = "Put messages on hold: not delivered until released; survives a restart (like postsuper -h).")
    static final class Hold extends QueueChangeCommand {
        Hold() {
            super("hold", "Held");
        }
    }

    @Command(name = "release", mixinStandardHelpOptions = true,
        description = "Release held messages and make them due now (like postsuper -H).")
    static final class Release extends QueueChangeCommand {
        Release() {
            super("release", "Released");
        }
    }

    @Command(name = "requeue", mixinStandardHelpOptions = true,
        description = "Make failed recipients pending again and restart the retry delays (like postsuper -r).")
    static final class Requeue extends QueueChangeCommand {
        Requeue() {
            super("requeue", "Requeued");
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
        description = "Remove messages from the queue without telling anyone (like postsuper -d).")
    static final class Delete extends QueueChangeCommand {
        Delete() {
            super("delete", "Deleted");
        }
    }
}
