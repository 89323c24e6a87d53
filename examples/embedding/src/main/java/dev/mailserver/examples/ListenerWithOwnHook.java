package dev.mailserver.examples;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;

import dev.mailserver.core.queue.MailQueue;
import dev.mailserver.smtp.data.IncomingSpool;
import dev.mailserver.smtp.ListenerRole;
import dev.mailserver.smtp.ListenerSettings;
import dev.mailserver.smtp.SmtpListener;
import dev.mailserver.smtp.TlsMode;
import dev.mailserver.plugin.api.HookDecision;
import dev.mailserver.plugin.api.SessionInfo;
import dev.mailserver.plugin.api.SmtpHook;
import dev.mailserver.storage.directory.ConfiguredDirectory;

/**
 * Just an SMTP listener, without the rest of the server: mail for alice@example.org goes to your own
 * consumer ({@link PrintingConsumer}) instead of a spool, and your own hook refuses senders at
 * spam.example. Run it with a port and a number of seconds: {@code ListenerWithOwnHook 2525 60}.
 */
public final class ListenerWithOwnHook {
    private ListenerWithOwnHook() {
    }

    public static void main(String[] args) throws Exception {
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0]));
        SmtpListener listener = start(address, Files.createTempDirectory("incoming"), new PrintingConsumer(System.out));
        System.out.println("Listening on " + listener.address());
        Thread.sleep(Long.parseLong(args[1]) * 1000);
        listener.stop();
    }

    /** The ten lines that matter: settings, a directory, your consumer and your hook. */
    public static SmtpListener start(InetSocketAddress address, Path incoming, MailQueue consumer) throws Exception {
        SmtpListener listener = SmtpListener.builder(ListenerSettings.withDefaults("example", ListenerRole.MTA, address, TlsMode.NONE, "mx.example.org"))
            .directory(new ConfiguredDirectory(Set.of(Domain.of("example.org")), Set.of(new MailAddress("alice@example.org"))))
            .queue(consumer)
            .spool(IncomingSpool.open(incoming))
            .hook("no-spam-example", new SmtpHook() {
                @Override
                public HookDecision checkMail(SessionInfo session, String sender, Map<String, String> parameters) {
                    return sender.endsWith("@spam.example") ? HookDecision.reject(550, "5.7.1", "Not from spam.example") : HookDecision.proceed();
                }
            })
            .build();
        listener.start();
        return listener;
    }
}
