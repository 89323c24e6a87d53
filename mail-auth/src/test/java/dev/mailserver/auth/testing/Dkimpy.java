package dev.mailserver.auth.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.mailserver.core.testing.RequiredTool;

/**
 * Debian's python3-dkim (dkimpy), the independent signer and verifier, driven through
 * {@code dkimpy/dkimpy_tool.py}. Missing, the test is skipped, or fails when
 * {@code TEST_REQUIRE_TOOLS=1} (as CI sets it; see {@link RequiredTool}).
 */
public final class Dkimpy {
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    private final Path script;

    private Dkimpy(Path script) {
        this.script = script;
    }

    /** The tool, after making sure python3-dkim is installed. */
    public static Dkimpy require(Path workDirectory) throws IOException, InterruptedException {
        boolean present = Files.isExecutable(PYTHON)
            && new ProcessBuilder(PYTHON.toString(), "-c", "import dkim, dns.message, nacl, authres").start().waitFor() == 0;
        RequiredTool.assume(present, "python3-dkim (with python3-dnspython, python3-nacl and python3-authres)");
        Path script = workDirectory.resolve("dkimpy_tool.py");
        try (InputStream in = Dkimpy.class.getResourceAsStream("/dkimpy/dkimpy_tool.py")) {
            Files.copy(in, script);
        }
        return new Dkimpy(script);
    }

    /** "pass" or "fail" per DKIM-Signature, top to bottom. */
    public List<String> verify(byte[] message, int dnsPort) throws IOException, InterruptedException {
        return run(message, "verify", Integer.toString(dnsPort)).lines().toList();
    }

    /** The DKIM-Signature field dkimpy makes for the message (with its final line end). */
    public String sign(byte[] message, String domain, String selector, Path keyFile, String algorithm, String canonicalization)
            throws IOException, InterruptedException {
        return run(message, "sign", domain, selector, keyFile.toString(), algorithm, canonicalization);
    }

    /** As {@link #sign}, with a body length limit (l=) of the whole body. */
    public String signWithLength(byte[] message, String domain, String selector, Path keyFile, String algorithm)
            throws IOException, InterruptedException {
        return run(message, "sign", domain, selector, keyFile.toString(), algorithm, "relaxed/relaxed", "length");
    }

    /** The next ARC set dkimpy makes for the message, from the Authentication-Results field of {@code authservId}. */
    public String arcSign(byte[] message, String domain, String selector, Path keyFile, String authservId)
            throws IOException, InterruptedException {
        return run(message, "arc-sign", domain, selector, keyFile.toString(), authservId);
    }

    /** The ARC result line: "pass ...", "fail ...", "none ...". */
    public String arcVerify(byte[] message, int dnsPort) throws IOException, InterruptedException {
        return run(message, "arc-verify", Integer.toString(dnsPort)).strip();
    }

    private String run(byte[] input, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), script.toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(input);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("dkimpy finished").isTrue();
        assertThat(process.exitValue()).as("dkimpy exit code; output: " + output).isZero();
        return output;
    }
}
