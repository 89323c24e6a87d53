package dev.mailserver.app.config;

import java.net.InetSocketAddress;

/**
 * The admin API's settings.
 *
 * @param token the bearer token; empty means the one kept in {@link ServerConfig#adminTokenFile()}
 */
public record AdminConfig(boolean enabled, InetSocketAddress address, String token) {
}
