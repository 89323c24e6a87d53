package dev.mailserver.smtp;

import java.net.InetSocketAddress;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A test against one MTA listener on a fresh spool, started before each test and stopped after it. */
abstract class MtaListenerTest {
    private final TlsMode tls;
    @TempDir
    Path root;
    ListenerFixture fixture;
    InetSocketAddress mta;

    MtaListenerTest(TlsMode tls) {
        this.tls = tls;
    }

    @BeforeEach
    void startMta() throws Exception {
        fixture = new ListenerFixture(root);
        mta = fixture.start(ListenerRole.MTA, tls);
    }

    @AfterEach
    void stopMta() throws Exception {
        fixture.close();
    }

    /** Stops the listener and opens the same spool again, for a test that starts its own listener. */
    ListenerFixture reopened() throws Exception {
        fixture.close();
        fixture = new ListenerFixture(root);
        return fixture;
    }
}
