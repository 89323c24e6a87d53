package dev.mailserver.app.cli.directory;

import java.io.IOException;

import dev.mailserver.app.cli.LocalAddress;
import dev.mailserver.app.config.ServerConfig;

/** The USER or @DOMAIN that a quota command names, checked to be local. */
final class QuotaKey {
    private QuotaKey() {
    }

    static String parse(String text, ServerConfig config) throws IOException {
        if (text.startsWith("@")) {
            return "@" + LocalAddress.requireLocal(DomainArgument.parse(text.substring(1)), config).asString();
        }
        return LocalAddress.parse(text, config).asString();
    }
}
