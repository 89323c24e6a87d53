package dev.mailserver.storage.maildir;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PathComponentsTest {
    @ParameterizedTest
    @ValueSource(strings = {"postmaster", "john.doe", "a-b_c+tag", "\"a b\"", "example.com", "127.0.0.1"})
    void acceptsOrdinaryNames(String component) {
        assertThat(PathComponents.isSafe(component)).isTrue();
    }

    @ParameterizedTest
    @MethodSource("unsafeComponents")
    void rejectsNamesThatCouldLeaveOrConfuseTheMailRoot(String component) {
        assertThat(PathComponents.isSafe(component)).isFalse();
    }

    static Stream<String> unsafeComponents() {
        return Stream.of("", ".", "..", ".hidden", "a/b", "/", "../x", "a\\b", "a\0b", "a\u0001b", "a\nb", "a\u007fb",
                "x".repeat(256));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 64, 255})
    void acceptsNamesUpToTheFileSystemLimit(int length) {
        assertThat(PathComponents.isSafe("x".repeat(length))).isTrue();
    }
}
