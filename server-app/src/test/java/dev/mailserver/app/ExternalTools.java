package dev.mailserver.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Path;

/** A tool that a test runs: without it the test is skipped, loudly, unless {@code MAILSERVER_REQUIRE_TOOLS=1} (as in CI) fails it. */
final class ExternalTools {
    private ExternalTools() {
    }

    static void require(Path tool, String debianPackages) {
        String why = tool + " is installed (Debian: apt-get install " + debianPackages + "; .ci/run installs it)";
        if ("1".equals(System.getenv("MAILSERVER_REQUIRE_TOOLS"))) {
            assertThat(tool).as(why).exists();
        } else {
            if (!tool.toFile().exists()) {
                System.err.println("SKIPPED: " + why);
            }
            assumeThat(tool).as(why).exists();
        }
    }
}
