package dev.mailserver.core.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/**
 * What a test needs from outside the build (a program such as swaks, a privilege such as mounting a
 * tmpfs). Where it is missing the test is skipped, except with {@code TEST_REQUIRE_TOOLS=1} (as CI
 * sets it, after installing everything), where a missing tool fails the test instead. The name does not
 * start with {@code MAILSERVER_}: servers that tests start inherit the environment and read those as settings.
 */
public final class RequiredTool {
    public static final String REQUIRE_TOOLS = "TEST_REQUIRE_TOOLS";

    private RequiredTool() {
    }

    /** Skips the test, or fails it when tools are required, unless {@code available}. */
    public static void assume(boolean available, String what) {
        if (!available && "1".equals(System.getenv(REQUIRE_TOOLS))) {
            throw new AssertionError(what + " is missing, and " + REQUIRE_TOOLS + "=1 says every tool must be there");
        }
        Assumptions.assumeTrue(available, what + " is missing; skipped (set " + REQUIRE_TOOLS + "=1 to fail instead)");
    }

    /** Skips or fails the test unless the program is on the PATH; returns its path. */
    public static Path program(String name) {
        Path found = Stream.of(System.getenv().getOrDefault("PATH", "").split(":")).filter(dir -> !dir.isEmpty())
            .map(dir -> Path.of(dir, name)).filter(Files::isExecutable).findFirst().orElse(null);
        assume(found != null, "the program " + name);
        return found;
    }
}
