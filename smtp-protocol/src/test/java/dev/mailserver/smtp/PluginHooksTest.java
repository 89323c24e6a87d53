package dev.mailserver.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.plugin.api.AsyncSmtpHook;
import dev.mailserver.plugin.api.HookDecision;
import dev.mailserver.plugin.api.MessageHeaders;
import dev.mailserver.plugin.api.MessageInfo;
import dev.mailserver.plugin.api.SessionInfo;
import dev.mailserver.plugin.api.SmtpHook;
import dev.mailserver.smtp.plugin.PluginHook;
import dev.mailserver.smtp.testing.SmtpTestClient;

/** Plugin hooks through the listener's chain: sync and async decisions, failures and timeouts, every phase. */
class PluginHooksTest {
    @TempDir
    Path root;
    private ListenerFixture fixture;

    @BeforeEach
    void open() throws Exception {
        fixture = new ListenerFixture(root);
    }

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    private InetSocketAddress mta(PluginHook... hooks) throws Exception {
        return fixture.start(ListenerRole.MTA, TlsMode.NONE, List.of(hooks));
    }

    /** Rejects senders at spam.test, adds a header, answers XHELLO. */
    static final class PolicyHook implements SmtpHook {
        @Override
        public HookDecision checkMail(SessionInfo session, String sender, Map<String, String> parameters) {
            return sender.endsWith("@spam.test") ? HookDecision.reject(550, "5.7.1", "Sender blocked by policy") : HookDecision.proceed();
        }

        @Override
        public HookDecision checkHeaders(SessionInfo session, MessageHeaders headers) {
            headers.add("X-Policy", "checked; subject=" + headers.first("Subject").orElse("none"));
            return HookDecision.proceed();
        }

        @Override
        public HookDecision checkUnknownCommand(SessionInfo session, String command, String argument) {
            return command.equals("XHELLO") ? HookDecision.accept(250, "2.0.0", "hello " + argument) : HookDecision.proceed();
        }
    }

    @Test
    void aSyncHookRejectsASenderAndAddsAHeader() throws Exception {
        InetSocketAddress mta = mta(PluginHook.of("policy", new PolicyHook()));
        try (SmtpTestClient client = SmtpTestClient.greeted(mta)) {
            assertThat(client.command("MAIL FROM:<bad@spam.test>")).isEqualTo("550 5.7.1 Sender blocked by policy");
            String reply = client.sendMessage("bob@remote.test", "alice@example.test", "Subject: hi\r\n\r\nbody\r\n");
            assertThat(fixture.content(reply)).contains("\r\nSubject: hi\r\nX-Policy: checked; subject=hi\r\n\r\nbody\r\n");
            assertThat(client.command("XHELLO world")).isEqualTo("250 2.0.0 hello world");
            assertThat(client.command("XOTHER")).startsWith("500 5.5.1");
        }
    }

    @Test
    void theServersOwnRulesComeFirst() throws Exception {
        InetSocketAddress mta = mta(PluginHook.of("policy", new PolicyHook()));
        try (SmtpTestClient client = SmtpTestClient.greeted(mta)) {
            assertThat(client.command("RCPT TO:<alice@example.test>")).startsWith("503");
            assertThat(client.command("MAIL FROM:bad@spam.test")).startsWith("501");
        }
    }

    /** Decides later, on another thread; refuses the upper-case spelling of the local mailbox. */
    static final class SlowRecipientHook implements AsyncSmtpHook {
        @Override
        public CompletionStage<HookDecision> onRcpt(SessionInfo session, String recipient, Map<String, String> parameters) {
            return CompletableFuture.supplyAsync(() -> recipient.startsWith("ALICE")
                    ? HookDecision.tempReject(450, "4.7.1", "Try later")
                    : HookDecision.proceed(),
                CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void anAsyncHookDecidesWithoutLosingPipelinedCommands() throws Exception {
        InetSocketAddress mta = mta(PluginHook.of("slow", new SlowRecipientHook()), PluginHook.of("policy", new PolicyHook()));
        try (SmtpTestClient client = SmtpTestClient.greeted(mta)) {
            client.send("MAIL FROM:<bob@remote.test>\r\nRCPT TO:<ALICE@example.test>\r\nRCPT TO:<alice@example.test>\r\nNOOP\r\n");
            assertThat(client.reply()).startsWith("250");
            assertThat(client.reply()).isEqualTo("450 4.7.1 Try later");
            assertThat(client.reply()).startsWith("250 2.1.5");
            assertThat(client.reply()).startsWith("250");
        }
    }

    @Test
    void aThrowingHookGets451AndTheServerGoesOn() throws Exception {
        SmtpHook throwing = new SmtpHook() {
            @Override
            public HookDecision checkMail(SessionInfo session, String sender, Map<String, String> parameters) {
                throw new IllegalStateException("plugin bug");
            }
        };
        InetSocketAddress mta = mta(PluginHook.of("broken", throwing));
        for (int i = 0; i < 2; i++) {
            try (SmtpTestClient client = SmtpTestClient.greeted(mta)) {
                assertThat(client.command("MAIL FROM:<bob@remote.test>")).isEqualTo("451 4.3.0 Local error in policy check, try again later");
                assertThat(client.command("NOOP")).startsWith("250");
            }
        }
    }

    @Test
    void aHookThatNeverAnswersTimesOutWithTheConfiguredReply() throws Exception {
        AsyncSmtpHook hanging = new AsyncSmtpHook() {
            @Override
            public CompletionStage<HookDecision> onHelo(SessionInfo session, String heloName) {
                return new CompletableFuture<>();
            }
        };
        InetSocketAddress mta = mta(new PluginHook("hanging", hanging, Duration.ofMillis(200),
            HookDecision.tempReject(421, "4.3.0", "Policy service unavailable")));
        try (SmtpTestClient client = new SmtpTestClient(mta)) {
            client.expect("220");
            assertThat(client.command("EHLO client.test")).isEqualTo("421 4.3.0 Policy service unavailable");
            assertThat(client.command("HELO client.test")).isEqualTo("421 4.3.0 Policy service unavailable");
        }
    }

    @Test
    void connectMessageHeaderAndQuitPhases() throws Exception {
        List<String> quits = new java.util.concurrent.CopyOnWriteArrayList<>();
        AsyncSmtpHook phases = new AsyncSmtpHook() {
            @Override
            public CompletionStage<HookDecision> onConnect(SessionInfo session) {
                session.attributes().put("phases.connected", true);
                return CompletableFuture.supplyAsync(HookDecision::proceed, CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS));
            }

            @Override
            public CompletionStage<HookDecision> onHeaders(SessionInfo session, MessageHeaders headers) {
                return CompletableFuture.supplyAsync(() -> headers.first("Subject").orElse("").contains("viagra")
                    ? HookDecision.reject(554, "5.7.1", "Spam") : HookDecision.proceed(), CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS));
            }

            @Override
            public CompletionStage<HookDecision> onMessage(SessionInfo session, MessageInfo message) {
                return CompletableFuture.completedStage(message.size() > 200
                    ? HookDecision.reject(554, "5.7.1", "Too big for this plugin") : HookDecision.proceed());
            }

            @Override
            public CompletionStage<HookDecision> onQuit(SessionInfo session) {
                quits.add(String.valueOf(session.attributes().get("phases.connected")));
                return HookDecision.proceedNow();
            }
        };
        InetSocketAddress mta = mta(PluginHook.of("phases", phases));
        try (SmtpTestClient client = SmtpTestClient.greeted(mta)) {
            assertThat(client.sendMessage("bob@remote.test", "alice@example.test", "Subject: viagra\r\n\r\nbody\r\n"))
                .isEqualTo("554 5.7.1 Spam");
            assertThat(client.sendMessage("bob@remote.test", "alice@example.test", "Subject: long\r\n\r\n" + "x".repeat(300) + "\r\n"))
                .isEqualTo("554 5.7.1 Too big for this plugin");
            assertThat(client.sendMessage("bob@remote.test", "alice@example.test", "Subject: fine\r\n\r\nbody\r\n"))
                .startsWith("250 2.0.0 Ok: queued as ");
            assertThat(client.command("QUIT")).startsWith("221");
        }
        assertThat(quits).containsExactly("true");
        assertThat(fixture.queue().size()).isEqualTo(1);
    }

    @Test
    void aConnectRefusalReplacesTheGreeting() throws Exception {
        SmtpHook refusing = new SmtpHook() {
            @Override
            public HookDecision checkConnect(SessionInfo session) {
                return HookDecision.reject(554, "5.7.1", "Go away");
            }
        };
        InetSocketAddress mta = mta(PluginHook.of("refusing", refusing));
        try (SmtpTestClient client = new SmtpTestClient(mta)) {
            assertThat(client.reply()).isEqualTo("554 5.7.1 Go away");
            assertThat(client.isClosedByServer()).isTrue();
        }
    }
}
