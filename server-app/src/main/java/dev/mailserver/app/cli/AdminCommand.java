package dev.mailserver.app.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** A command that works through the running server's admin API; says what went wrong and exits 1 or 2. */
public abstract class AdminCommand implements Callable<Integer> {
    @Mixin
    private AdminConnectionOptions connection;

    @Option(names = "--json", description = "print the admin API's JSON answer instead of a table")
    public boolean json;

    @Override
    public final Integer call() throws InterruptedException {
        try {
            run(connection.client());
            return 0;
        } catch (AdminApiException e) {
            System.err.println("mailserver: " + e.getMessage());
            return e.exitCode();
        }
    }

    protected abstract void run(AdminClient client) throws AdminApiException, InterruptedException;
}
