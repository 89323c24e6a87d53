package dev.mailserver.app;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.mailserver.core.testing.Await;

/**
 * The server in a child JVM, started the way an operator starts it ({@code mailserver run --config FILE}),
 * so that a test can kill it with SIGKILL. The child's temporary directory is its own, so that what a
 * killed JVM leaves there (RocksDB's native library) goes with the test's directory.
 */
final class ServerProcess {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private ServerProcess() {
    }

    /** Starts the server and returns once it accepts connections on {@code port}. */
    static Process start(Path config, int port, Path log, Path tmpDir) throws Exception {
        return start(List.of(), config, port, log, tmpDir);
    }

    /** Starts the server under a program such as {@code strace -f -o FILE}: {@code wrapper} comes first on the command line. */
    static Process start(List<String> wrapper, Path config, int port, Path log, Path tmpDir) throws Exception {
        Files.createDirectories(tmpDir);
        ProcessBuilder builder = MailserverCommand.processBuilder(List.of("-Djava.io.tmpdir=" + tmpDir), "run", "--config", config.toString());
        List<String> command = new ArrayList<>(wrapper);
        command.addAll(builder.command());
        Process process = builder.command(command)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
        awaitListening(process, port, log);
        return process;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean accepts(int port) {
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    private static void awaitListening(Process process, int port, Path log) throws Exception {
        boolean listening = Await.value(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("server exited early:\n" + Files.readString(log));
            }
            return accepts(port);
        }, Boolean::booleanValue, START_TIMEOUT);
        if (listening) {
            return;
        }
        process.destroyForcibly();
        throw new AssertionError("server did not listen on " + port + " within " + START_TIMEOUT + ":\n" + Files.readString(log));
    }
}
