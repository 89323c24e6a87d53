package dev.mailserver.app.cli;

import java.nio.file.Path;
import java.util.Optional;

import picocli.CommandLine.Option;

import dev.mailserver.app.config.ConfigLoader;
import dev.mailserver.app.config.ServerConfig;

/** The {@code --config FILE} option that every command shares: without it, the embedded defaults; either way with the environment overrides. */
public final class ConfigOption {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "configuration file (HOCON) overriding the defaults; MAILSERVER_* environment variables override both")
    private Path configFile;

    /** @throws com.typesafe.config.ConfigException when the configuration is bad */
    public ServerConfig load() {
        return ConfigLoader.fromFileAndEnvironment(Optional.ofNullable(configFile), System.getenv());
    }
}
