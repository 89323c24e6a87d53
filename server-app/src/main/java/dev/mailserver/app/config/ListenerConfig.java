package dev.mailserver.app.config;

import java.net.InetSocketAddress;

import dev.mailserver.smtp.ListenerRole;
import dev.mailserver.smtp.TlsMode;

/** One enabled listener of the configuration ({@code mailserver.smtp.listeners.<name>}). */
public record ListenerConfig(String name, ListenerRole role, InetSocketAddress address, TlsMode tls) {
}
