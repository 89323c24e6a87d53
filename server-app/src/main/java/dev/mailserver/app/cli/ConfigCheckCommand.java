package dev.mailserver.app.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import dev.mailserver.app.config.ConfigLoader;
import dev.mailserver.app.config.ServerConfig;
import dev.mailserver.app.plugins.PluginRegistry;

/** {@code mailserver config check FILE}: validates a configuration, with the environment overrides, without starting anything. */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = "Check a configuration file (and the MAILSERVER_* environment variables) the way `run` reads it, "
        + "without starting the server. Prints OK, or the first error with its key and line (exit code 2).")
final class ConfigCheckCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "FILE", description = "the configuration file (HOCON); none means the embedded defaults")
    private Path file;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "the same as the FILE parameter")
    private Path configOption;

    @Override
    public Integer call() {
        if (file != null && configOption != null && !file.equals(configOption)) {
            throw CommandFailure.badInput("give the file once: either FILE or --config FILE");
        }
        Optional<Path> checked = Optional.ofNullable(file != null ? file : configOption);
        ServerConfig config = ConfigLoader.fromFileAndEnvironment(checked, System.getenv());
        PluginRegistry.checkInstalled(config);
        System.out.println("OK: " + config.source());
        return 0;
    }
}
