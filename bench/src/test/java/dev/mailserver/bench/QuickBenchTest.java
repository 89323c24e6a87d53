package dev.mailserver.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.app.Main;
import dev.mailserver.core.testing.RequiredTool;

/**
 * Runs {@code bench/run --quick} against our server, started from this build's classes, so that the
 * benchmark keeps working. Asserts that every message was accepted and delivered, never how fast.
 * The relay and drain cells need Postfix's smtp-sink; without it they are left out, unless
 * TEST_REQUIRE_TOOLS=1, where a missing smtp-sink fails the test.
 */
class QuickBenchTest {
    @TempDir
    Path out;

    @Test
    void theQuickBenchmarkDeliversEveryMessage() throws Exception {
        boolean sink = onPath("smtp-sink");
        if (!sink && "1".equals(System.getenv(RequiredTool.REQUIRE_TOOLS))) {
            throw new AssertionError("smtp-sink (Debian package postfix) is required with TEST_REQUIRE_TOOLS=1");
        }
        List<String> cells = new ArrayList<>(List.of("local1", "local20"));
        if (sink) {
            cells.addAll(List.of("relay20", "drain"));
        }
        String java = ProcessHandle.current().info().command().orElseThrow();
        String classpath = System.getProperty("java.class.path");
        ProcessBuilder builder = new ProcessBuilder("bash", Path.of("run").toAbsolutePath().toString(), "--quick", "--no-build",
            "--servers", "ours", "--cells", String.join(",", cells), "--out", out.toString())
            .redirectErrorStream(true).redirectOutput(out.resolve("run.log").toFile());
        Map<String, String> environment = builder.environment();
        environment.put("BENCH_SERVER_CMD", java + " --enable-native-access=ALL-UNNAMED -cp " + classpath + " " + Main.class.getName());
        environment.put("BENCH_CLIENT_CMD", java + " -cp " + classpath + " " + LoadClient.class.getName());
        environment.put("BENCH_PORT_BASE", Integer.toString(20000 + 300 * ThreadLocalRandom.current().nextInt(30)));
        Process run = builder.start();
        boolean ended = run.waitFor(10, TimeUnit.MINUTES);
        if (!ended) {
            run.destroyForcibly();
        }
        String log = Files.readString(out.resolve("run.log"));
        assertThat(ended).as("bench/run ended within 10 minutes:\n%s", log).isTrue();
        assertThat(run.exitValue()).as("exit code; output:\n%s", log).isZero();

        List<String[]> rows = Files.readAllLines(out.resolve("results.tsv")).stream().skip(1).map(line -> line.split("\t")).toList();
        assertThat(rows).as(log).extracting(row -> row[0]).containsAll(cells.stream().filter(cell -> !cell.equals("drain")).toList());
        for (String[] row : rows) {
            assertThat(row[3]).as("accepted in %s; output:\n%s", row[0], log).isEqualTo(row[0].startsWith("drain") ? "100" : "200");
            assertThat(Double.parseDouble(row[5])).as("%s delivered everything (an end-to-end rate); output:\n%s", row[0], log).isPositive();
        }
        assertThat(Files.readString(out.resolve("summary.txt"))).contains("local20");
    }

    private static boolean onPath(String command) {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/sbin";
        for (String directory : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(directory, command))) {
                return true;
            }
        }
        return false;
    }
}
