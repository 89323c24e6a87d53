package dev.mailserver.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.core.testing.Await;
import dev.mailserver.smtp.testing.SmtpTestClient;

/**
 * A plugin jar built during the test run, dropped into the plugins directory and enabled in the
 * configuration, changes what the whole server does; a plugin that throws costs one command a 451.
 */
class PluginEndToEndTest {
    private static final String SENDER_POLICY = """
        package test.plugins;

        import java.util.List;
        import java.util.Locale;
        import java.util.Map;
        import dev.mailserver.plugin.api.*;

        public class SenderPolicy implements SmtpPlugin {
            @Override
            public String name() {
                return "sender-policy";
            }

            @Override
            public AsyncSmtpHook createHook(PluginContext context) {
                List<String> blocked = context.settings().getStringList("blocked-domains", List.of());
                String header = context.settings().getString("header", "X-Sender-Policy");
                return new SmtpHook() {
                    @Override
                    public HookDecision checkMail(SessionInfo session, String sender, Map<String, String> parameters) {
                        String domain = sender.substring(sender.indexOf('@') + 1).toLowerCase(Locale.ROOT);
                        return blocked.contains(domain) ? HookDecision.reject(550, "5.7.1", "Mail from " + domain + " is not accepted here")
                            : HookDecision.proceed();
                    }

                    @Override
                    public HookDecision checkHeaders(SessionInfo session, MessageHeaders headers) {
                        headers.add(header, "passed on " + context.listenerName());
                        return HookDecision.proceed();
                    }
                };
            }
        }
        """;
    private static final String BROKEN = """
        package test.plugins;

        import java.util.Map;
        import dev.mailserver.plugin.api.*;

        public class Broken implements SmtpPlugin {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public AsyncSmtpHook createHook(PluginContext context) {
                return new SmtpHook() {
                    @Override
                    public HookDecision checkRcpt(SessionInfo session, String recipient, Map<String, String> parameters) {
                        if (recipient.startsWith("postmaster")) {
                            throw new IllegalStateException("a bug in the plugin");
                        }
                        return HookDecision.proceed();
                    }
                };
            }
        }
        """;

    private static final String DELIVERY_LOG = """
        package test.plugins;

        import java.io.IOException;
        import java.io.UncheckedIOException;
        import java.nio.file.Files;
        import java.nio.file.Path;
        import java.nio.file.StandardOpenOption;
        import dev.mailserver.plugin.api.DeliveryEvent;
        import dev.mailserver.plugin.api.DeliveryEvents;
        import dev.mailserver.plugin.api.*;

        public class DeliveryLog implements SmtpPlugin, DeliveryEvents {
            private volatile Path log;

            @Override
            public String name() {
                return "delivery-log";
            }

            @Override
            public AsyncSmtpHook createHook(PluginContext context) {
                log = Path.of(context.settings().getString("file", "deliveries.log"));
                return new SmtpHook() {
                };
            }

            @Override
            public void onDelivery(DeliveryEvent event) {
                String line = event.outcome() + " " + event.recipient() + " " + event.enhancedStatus() + " via " + event.relay() + "\\n";
                try {
                    Files.writeString(log, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        """;

    @TempDir
    Path dir;
    private MailServer server;

    @BeforeEach
    void buildPlugin() throws Exception {
        PluginJars.build(dir.resolve("build"), dir.resolve("plugins/test-plugins.jar"),
            Map.of("test.plugins.SenderPolicy", SENDER_POLICY, "test.plugins.Broken", BROKEN, "test.plugins.DeliveryLog", DELIVERY_LOG),
            List.of("test.plugins.SenderPolicy", "test.plugins.Broken", "test.plugins.DeliveryLog"));
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    private String pluginConfig(String plugins) {
        return """
            mailserver.plugin-directory = "%s"
            mailserver.plugins { %s }
            """.formatted(dir.resolve("plugins").toString().replace("\\", "\\\\"), plugins);
    }

    @Test
    void aPluginFromThePluginsDirectoryRejectsASenderAndAddsAHeader() throws Exception {
        server = MailServer.create(TestServers.config(dir.resolve("data"), 0, pluginConfig("""
            sender-policy { roles = [mta], order = 1, settings { blocked-domains = ["spam.test"], header = "X-Checked" } }
            broken { roles = [mta], order = 2, failure-reply = "451 4.3.0 Policy check failed, try again later" }
            """)));
        server.start();
        try (SmtpTestClient client = SmtpTestClient.greeted(server.mtaAddress())) {
            assertThat(client.command("MAIL FROM:<eve@spam.test>")).isEqualTo("550 5.7.1 Mail from spam.test is not accepted here");
            assertThat(client.command("MAIL FROM:<bob@remote.test>")).startsWith("250");
            assertThat(client.command("RCPT TO:<postmaster@localhost>")).isEqualTo("451 4.3.0 Policy check failed, try again later");
            assertThat(client.command("RSET")).startsWith("250");
            assertThat(client.sendMessage("bob@remote.test", "alice@example.test", "Subject: plugged\r\n\r\nhello\r\n"))
                .startsWith("250 2.0.0 Ok: queued as");
        }
        try (SmtpTestClient client = SmtpTestClient.greeted(server.mtaAddress())) {
            assertThat(client.command("NOOP")).startsWith("250");
        }
        List<Path> delivered = Maildirs.awaitNewMessages(dir.resolve("data/mail/example.test/alice"), 1, Duration.ofSeconds(20));
        assertThat(Files.readString(delivered.get(0))).contains("Subject: plugged\r\nX-Checked: passed on mta\r\n\r\nhello");
    }

    @Test
    void aPluginIsToldOfEachDeliveryOutcome() throws Exception {
        Path log = dir.resolve("deliveries.log");
        server = MailServer.create(TestServers.config(dir.resolve("data"), 0, pluginConfig("""
            delivery-log { roles = [mta], settings { file = "%s" } }
            """.formatted(log.toString().replace("\\", "\\\\")))));
        server.start();
        try (SmtpTestClient client = SmtpTestClient.greeted(server.mtaAddress())) {
            assertThat(client.sendMessage("bob@remote.test", "alice@example.test", "Subject: watched\r\n\r\nhello\r\n")).startsWith("250");
        }

        Await.until(() -> contains(log, "DELIVERED alice@example.test 2.0.0 via local"), Duration.ofSeconds(20));
    }

    private static boolean contains(Path file, String text) {
        try {
            return Files.exists(file) && Files.readString(file).contains(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aPluginEnabledButNotFoundStopsTheStart() {
        assertThatThrownBy(() -> MailServer.create(TestServers.config(dir.resolve("data"), 0, pluginConfig("missing { }"))))
            .hasMessageContaining("no plugin named missing");
    }

    @Test
    void aBadPluginSettingIsNamed() {
        assertThatThrownBy(() -> TestServers.config(dir.resolve("data"), 0, pluginConfig("broken { colour = red }")))
            .hasMessageContaining("plugins.broken.colour");
    }
}
