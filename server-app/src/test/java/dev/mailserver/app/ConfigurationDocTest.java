package dev.mailserver.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;

/**
 * {@code docs/configuration.md} is what {@code reference.conf} says, so that no hand-kept table drifts. When
 * they disagree, the test writes the expected file to {@code target/configuration.md}; with
 * {@code -Dconfiguration.write=true} it writes {@code docs/configuration.md} itself.
 */
class ConfigurationDocTest {
    private static final Path REFERENCE = Path.of("src/main/resources/reference.conf");
    private static final Path DOC = Path.of("..", "docs", "configuration.md");

    @Test
    void docsConfigurationMdIsGeneratedFromReferenceConf() throws IOException {
        String expected = ConfigurationMarkdown.render(ConfigFactory.parseFile(REFERENCE.toFile(), ConfigParseOptions.defaults()),
            Files.readString(REFERENCE));
        if (Boolean.getBoolean("configuration.write")) {
            Files.writeString(DOC, expected);
        }
        String actual = Files.exists(DOC) ? Files.readString(DOC) : "";
        if (!actual.equals(expected)) {
            Files.writeString(Path.of("target", "configuration.md"), expected);
        }

        assertThat(actual).as("docs/configuration.md disagrees with reference.conf; regenerate it with "
            + "`mvn -B -pl server-app -am test -Dtest=ConfigurationDocTest -Dsurefire.failIfNoSpecifiedTests=false -Dconfiguration.write=true` "
            + "(or copy server-app/target/configuration.md)").isEqualTo(expected);
    }
}
