package dev.mailserver.app.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;

import com.typesafe.config.ConfigException;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import dev.mailserver.app.admin.AdminToken;
import dev.mailserver.app.config.ServerConfig;

/**
 * How a command finds the running server's admin API: by default from the configuration (the server's
 * {@code --config FILE}: its admin address and token), or given with {@code --url} and {@code --token}.
 */
final class AdminConnectionOptions {
    @Mixin
    private ConfigOption configOption;

    @Option(names = "--url", paramLabel = "URL", description = "the admin API, e.g. http://127.0.0.1:8025 (default: from the configuration)")
    private URI url;

    @Option(names = "--token", paramLabel = "TOKEN", description = "the admin API's bearer token (default: from the configuration or <data-dir>/admin-token)")
    private String token;

    AdminClient client() throws AdminApiException {
        if (url != null && token != null) {
            return new AdminClient(url, token);
        }
        ServerConfig config;
        try {
            config = configOption.load();
        } catch (ConfigException e) {
            throw new AdminApiException(AdminApiException.EXIT_BAD_USAGE, "bad configuration: " + e.getMessage());
        }
        return new AdminClient(url != null ? url : urlOf(config.admin().address()), token != null ? token : tokenOf(config));
    }

    /** A server listening on every address is reached on the loopback one. */
    private static URI urlOf(InetSocketAddress address) {
        String host = address.getAddress() == null || address.getAddress().isAnyLocalAddress() ? "127.0.0.1" : address.getHostString();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort() + "/");
    }

    private static String tokenOf(ServerConfig config) throws AdminApiException {
        try {
            return AdminToken.forClient(config);
        } catch (IOException e) {
            throw new AdminApiException(AdminApiException.EXIT_FAILED, "cannot read the admin token " + config.adminTokenFile()
                + " (" + e + "): is the server running with this configuration, and may you read its data directory?");
        }
    }
}
