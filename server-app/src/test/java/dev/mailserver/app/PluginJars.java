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

import com.google.inject.AbstractModule;

import dev.mailserver.plugin.api.SmtpPlugin;
import dev.mailserver.plugin.guice.PluginModule;
import jakarta.inject.Inject;

/** Builds a plugin jar during the test run: compiles sources against the SPI and jars them with their service file. */
final class PluginJars {
    private PluginJars() {
    }

    /**
     * @param sources source text by class name, e.g. {@code test.plugins.Blocker}
     * @param plugins the classes to list as {@link SmtpPlugin} services
     */
    static Path build(Path workDir, Path jar, Map<String, String> sources, List<String> plugins) throws IOException {
        return build(workDir, jar, sources, Map.of(SmtpPlugin.class.getName(), plugins));
    }

    /**
     * A plugin jar compiled against the SPI and the Guice extra (plugin-guice, Guice, jakarta.inject).
     *
     * @param services the classes to list, by service file name (e.g. {@code com.google.inject.Module})
     */
    static Path build(Path workDir, Path jar, Map<String, String> sources, Map<String, List<String>> services) throws IOException {
        Path src = Files.createDirectories(workDir.resolve("src"));
        Path classes = Files.createDirectories(workDir.resolve("classes"));
        List<String> arguments = new ArrayList<>(List.of("--release", "21", "-d", classes.toString(), "-classpath",
            String.join(File.pathSeparator, Stream.of(SmtpPlugin.class, PluginModule.class, AbstractModule.class, Inject.class)
                .map(PluginJars::locationOf).map(Path::toString).toList())));
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
            for (Map.Entry<String, List<String>> service : services.entrySet()) {
                out.putNextEntry(new JarEntry("META-INF/services/" + service.getKey()));
                writeLines(out, service.getValue());
                out.closeEntry();
            }
        }
        return jar;
    }

    private static void writeLines(OutputStream out, List<String> lines) throws IOException {
        out.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Where a class the plugins compile against comes from (a directory or a jar). */
    private static Path locationOf(Class<?> spiClass) {
        try {
            return Path.of(spiClass.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
