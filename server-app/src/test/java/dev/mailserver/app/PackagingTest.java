package dev.mailserver.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.mailserver.app.config.ConfigLoader;
import dev.mailserver.app.config.ServerConfig;

/** The configuration shipped in packaging/ is one the server accepts. */
class PackagingTest {
    private static final Path PACKAGING = Path.of("..", "packaging");
    private static final Pattern DOCKER_ENV = Pattern.compile("(MAILSERVER_[A-Z_]+)=(\\S+)");

    @Test
    void theExampleConfigurationFileIsValid() {
        ServerConfig config = ConfigLoader.fromFile(PACKAGING.resolve("mailserver.conf"));

        assertThat(config.dataDir()).isEqualTo(Path.of("/var/lib/mailserver"));
        assertThat(config.listeners()).extracting(listener -> listener.address().getPort()).containsExactlyInAnyOrder(25, 587, 465);
    }

    @Test
    void theDockerImagesEnvironmentIsValid() throws Exception {
        Map<String, String> environment = new LinkedHashMap<>();
        Matcher variable = DOCKER_ENV.matcher(Files.readString(PACKAGING.resolve("Dockerfile")).split("\nENV ", 2)[1].split("\n\n", 2)[0]);
        while (variable.find()) {
            environment.put(variable.group(1), variable.group(2));
        }

        ServerConfig config = ConfigLoader.fromFileAndEnvironment(Optional.empty(), environment);

        assertThat(environment).hasSize(7);
        assertThat(config.dataDir()).isEqualTo(Path.of("/var/lib/mailserver"));
        assertThat(config.listeners()).extracting(listener -> listener.address().getPort()).containsExactlyInAnyOrder(25, 587, 465);
    }
}
