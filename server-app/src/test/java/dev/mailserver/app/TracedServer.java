package dev.mailserver.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.mailserver.core.testing.RequiredTool;

/**
 * The server in its own process under {@code strace}, which writes the server's writes, syncs and renames
 * (with the paths of their file descriptors) to {@code strace.txt} in the test's directory. Only the MTA
 * listener runs, on a free port.
 */
final class TracedServer implements AutoCloseable {
    private final Path dir;
    private final Process process;
    private final int port;

    private TracedServer(Path dir, Process process, int port) {
        this.dir = dir;
        this.process = process;
        this.port = port;
    }

    /** @param settings more of the configuration, inside {@code mailserver { }} */
    static TracedServer start(Path dir, String settings) throws Exception {
        Path strace = RequiredTool.program("strace");
        int port = ServerProcess.freePort();
        Path config = TestServers.writeMtaConfigFile(dir, port, settings);
        Process server = ServerProcess.start(List.of(strace.toString(), "-f", "-yy", "-qq", "--seccomp-bpf", "-s", "65536",
                "-e", "trace=write,writev,pwrite64,sendmsg,sendto,fsync,fdatasync,syncfs,rename,renameat,renameat2", "-o",
                dir.resolve("strace.txt").toString()),
            config, port, dir.resolve("server.log"), dir.resolve("tmp"));
        return new TracedServer(dir, server, port);
    }

    int port() {
        return port;
    }

    Path log() {
        return dir.resolve("server.log");
    }

    /** Whether the server has logged a line containing {@code text}. */
    boolean logged(String text) throws Exception {
        return Files.readString(log()).contains(text);
    }

    /** Stops the server and returns the system calls it made. */
    SystemCalls stopAndReadCalls() throws Exception {
        close();
        return SystemCalls.read(dir.resolve("strace.txt"));
    }

    /** Where the calls are, for an assertion's description. */
    String describeCalls() {
        return "system calls in " + dir.resolve("strace.txt") + ", log " + log();
    }

    boolean isSpoolLog(SystemCalls.Call call) {
        return call.path().startsWith(dir.resolve("data").resolve("spool").toString()) && call.path().endsWith(".log");
    }

    boolean isServerLog(SystemCalls.Call call) {
        return call.path().equals(log().toString());
    }

    static boolean isSocket(SystemCalls.Call call) {
        return call.path().startsWith("TCP") || call.path().startsWith("socket:");
    }

    /**
     * Stops the server under strace with SIGTERM (strace, told to stop itself, would leave it running) and
     * waits for strace to end with it; kills both when that takes too long.
     */
    @Override
    public void close() throws Exception {
        List<ProcessHandle> traced = process.descendants().toList();
        traced.forEach(ProcessHandle::destroy);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            traced.forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
