package dev.mailserver.app;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import dev.mailserver.plugin.api.DeliveryEvents;
import dev.mailserver.plugin.api.SmtpPlugin;

/** Builds a plugin jar during the test run: compiles sources against the SPI and jars them with their service file. */
final class PluginJars {
    private PluginJars() {
    }

    /**
     * @param sources source text by class name, e.g. {@code test.plugins.Blocker}
     * @param plugins the classes to list as {@link SmtpPlugin} services
     */
    static Path build(Path workDir, Path jar, Map<String, String> sources, List<String> plugins) throws IOException {
        Path src = Files.createDirectories(workDir.resolve("src"));
        Path classes = Files.createDirectories(workDir.resolve("classes"));
        List<String> arguments = new ArrayList<>(List.of("--release", "21", "-d", classes.toString(), "-classpath",
            locationOf(SmtpPlugin.class) + File.pathSeparator + locationOf(DeliveryEvents.class)));
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = src.resolve(source.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            arguments.add(file.toString());
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler.run(null, null, null, arguments.toArray(String[]::new)) != 0) {
            throw new IllegalStateException("the test plugin does not compile");
        }
        Files.createDirectories(jar.getParent());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry("META-INF/services/" + SmtpPlugin.class.getName()));
            writeLines(out, plugins);
            out.closeEntry();
        }
        return jar;
    }

    private static void writeLines(OutputStream out, List<String> lines) throws IOException {
        out.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Where a class of the SPI comes from: the smtp-protocol or core classes (a directory or a jar). */
    private static Path locationOf(Class<?> spiClass) {
        try {
            return Path.of(spiClass.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
