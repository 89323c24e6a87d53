package dev.mailserver.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.delivery.testing.TestDnsServer;

/** {@code mailserver dkim keygen} and {@code mailserver dkim check}, run as a user runs them, against a loopback DNS server. */
class DkimCommandTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern RECORD = Pattern.compile("(\\S+)\\. IN TXT (\".*\")");

    @TempDir
    Path dir;
    private TestDnsServer dns;
    private Path configFile;

    @BeforeEach
    void setUp() throws Exception {
        dns = TestDnsServer.start();
        configFile = TestServers.writeConfigFile(dir, """
              delivery.dns.servers = ["127.0.0.1:%d"]
              delivery.dns.timeout = 2s
            """.formatted(dns.address().getPort()));
    }

    @AfterEach
    void tearDown() throws Exception {
        dns.close();
    }

    @Test
    void keygenWritesAPrivateKeyOnlyItsOwnerCanReadAndPrintsTheRecordThatCheckThenFinds() throws Exception {
        MailserverCommand.Result rsa = MailserverCommand.runWithConfig(configFile, "", TIMEOUT, "dkim", "keygen", "Example.TEST", "2026a");
        MailserverCommand.Result ed = MailserverCommand.runWithConfig(configFile, "", TIMEOUT,
            "dkim", "keygen", "example.test", "2026e", "--type", "ed25519");

        assertThat(rsa.exitCode()).as(rsa.output()).isZero();
        assertThat(ed.exitCode()).as(ed.output()).isZero();
        Path key = dir.resolve("data/dkim/example.test/2026a.key");
        assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(rsa.output()).contains("2026a._domainkey.example.test. IN TXT \"v=DKIM1; k=rsa; p=");
        assertThat(ed.output()).contains("2026e._domainkey.example.test. IN TXT \"v=DKIM1; k=ed25519; p=");

        MailserverCommand.Result unpublished = MailserverCommand.runWithConfig(configFile, "", TIMEOUT, "dkim", "check", "example.test");
        unpublished.assertFailed(1, "NOT OK 2026a._domainkey.example.test (rsa): no TXT record");

        publish(rsa.output());
        publish(ed.output());
        MailserverCommand.Result published = MailserverCommand.runWithConfig(configFile, "", TIMEOUT, "dkim", "check", "example.test");
        assertThat(published.exitCode()).as(published.output()).isZero();
        assertThat(published.output()).contains("OK 2026a._domainkey.example.test (rsa): the published key matches",
            "OK 2026e._domainkey.example.test (ed25519): the published key matches");
    }

    @Test
    void checkSaysWhenThePublishedKeyIsAnotherOne() throws Exception {
        MailserverCommand.Result first = MailserverCommand.runWithConfig(configFile, "", TIMEOUT, "dkim", "keygen", "example.test", "a", "--type", "ed25519");
        Files.delete(dir.resolve("data/dkim/example.test/a.key"));
        MailserverCommand.Result second = MailserverCommand.runWithConfig(configFile, "", TIMEOUT, "dkim", "keygen", "example.test", "a", "--type", "ed25519");
        assertThat(second.exitCode()).as(second.output()).isZero();
        publish(first.output());

        MailserverCommand.runWithConfig(configFile, "", TIMEOUT, "dkim", "check", "example.test")
            .assertFailed(1, "NOT OK a._domainkey.example.test (ed25519): the published key is not this key's public key");
    }

    @Test
    void badArgumentsAndAnExistingKeyAreRefused() throws Exception {
        MailserverCommand.runWithConfig(configFile, "", TIMEOUT, "dkim", "keygen", "example.test", "s", "--type", "dsa")
            .assertFailed(2, "--type is rsa or ed25519");
        MailserverCommand.runWithConfig(configFile, "", TIMEOUT, "dkim", "keygen", "example.test", "s", "--bits", "512")
            .assertFailed(2, "--bits must be between 1024 and 8192");
        assertThat(MailserverCommand.runWithConfig(configFile, "", TIMEOUT, "dkim", "keygen", "example.test", "s", "--type", "ed25519").exitCode()).isZero();
        MailserverCommand.runWithConfig(configFile, "", TIMEOUT, "dkim", "keygen", "example.test", "s")
            .assertFailed(1, "exists already");
        MailserverCommand.runWithConfig(configFile, "", TIMEOUT, "dkim", "check", "nokeys.test")
            .assertFailed(1, "no DKIM key for nokeys.test");
    }

    private void publish(String keygenOutput) {
        Matcher matcher = RECORD.matcher(keygenOutput);
        assertThat(matcher.find()).as(keygenOutput).isTrue();
        String[] strings = matcher.group(2).substring(1, matcher.group(2).length() - 1).split("\" \"");
        dns.txt(matcher.group(1), strings);
    }
}
