package dev.mailserver.app.config;

import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.Optional;

import javax.mail.internet.AddressException;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;

import dev.mailserver.storage.directory.AddressingRules;
import dev.mailserver.storage.maildir.MailboxPermissions;
import dev.mailserver.storage.maildir.MaildirSync;
import dev.mailserver.storage.quota.QuotaLimits;

/** Reads the {@code mailserver.delivery.local} section; every problem names its key. */
final class LocalDeliveryConfigLoader {
    private static final String LOCAL = "delivery.local.";

    private LocalDeliveryConfigLoader() {
    }

    /** @param config the {@code mailserver} section, defaults included */
    static LocalDeliveryConfig load(Config config) {
        String delimiter = config.getString(LOCAL + "recipient-delimiter");
        if (delimiter.contains("@") || delimiter.chars().anyMatch(Character::isWhitespace)) {
            throw bad(config, LOCAL + "recipient-delimiter", "'" + delimiter + "' cannot separate a user from a tag in a local part");
        }
        return new LocalDeliveryConfig(new AddressingRules(Optional.of(delimiter).filter(text -> !text.isEmpty()), postmaster(config)),
            config.getBoolean(LOCAL + "tag-folders"), permissions(config), quota(config), warningPercent(config), lmtp(config),
            ConfigLoader.positive(config, LOCAL + "lmtp.timeout", config.getDuration(LOCAL + "lmtp.timeout")), fileSystemSync(config));
    }

    private static Optional<SocketAddress> lmtp(Config config) {
        String transport = config.getString(LOCAL + "transport");
        switch (transport) {
            case "maildir" -> {
                return Optional.empty();
            }
            case "lmtp" -> {
                String socket = config.getString(LOCAL + "lmtp.socket");
                if (!socket.isEmpty()) {
                    return Optional.of(UnixDomainSocketAddress.of(socket));
                }
                return Optional.of(ConfigLoader.socketAddress(config, LOCAL + "lmtp"));
            }
            default -> throw bad(config, LOCAL + "transport", "'" + transport + "' is not one of maildir, lmtp");
        }
    }

    private static boolean fileSystemSync(Config config) {
        String sync = config.getString(LOCAL + "sync");
        return switch (sync) {
            case "file" -> false;
            case "auto" -> MaildirSync.fileSystemSupported();
            case "file-system" -> {
                if (!MaildirSync.fileSystemSupported()) {
                    throw bad(config, LOCAL + "sync", "file-system needs syncfs(2), which only Linux has; use file");
                }
                yield true;
            }
            default -> throw bad(config, LOCAL + "sync", "'" + sync + "' is not one of auto, file-system, file");
        };
    }

    private static QuotaLimits quota(Config config) {
        long bytes = config.getBytes(LOCAL + "quota.storage");
        long messages = config.getLong(LOCAL + "quota.messages");
        if (bytes < 0) {
            throw bad(config, LOCAL + "quota.storage", "must not be negative");
        }
        if (messages < 0) {
            throw bad(config, LOCAL + "quota.messages", "must not be negative");
        }
        return new QuotaLimits(bytes, messages);
    }

    private static int warningPercent(Config config) {
        int percent = config.getInt(LOCAL + "quota.warning-percent");
        if (percent < 1 || percent > 100) {
            throw bad(config, LOCAL + "quota.warning-percent", "a percentage from 1 to 100 (100: no warning), not " + percent);
        }
        return percent;
    }

    private static MailboxPermissions permissions(Config config) {
        String owner = config.getString(LOCAL + "mailbox-owner");
        String group = config.getString(LOCAL + "mailbox-group");
        try {
            MailboxPermissions.of(owner, "", "", "");
        } catch (IllegalArgumentException e) {
            throw bad(config, LOCAL + "mailbox-owner", e.getMessage());
        }
        try {
            MailboxPermissions.of("", group, "", "");
        } catch (IllegalArgumentException e) {
            throw bad(config, LOCAL + "mailbox-group", e.getMessage());
        }
        String directoryMode = mode(config, LOCAL + "directory-mode");
        String fileMode = mode(config, LOCAL + "file-mode");
        return MailboxPermissions.of(owner, group, directoryMode, fileMode);
    }

    private static String mode(Config config, String path) {
        String mode = config.getString(path);
        if (!mode.isEmpty() && !mode.matches("([r-][w-][x-]){3}")) {
            throw bad(config, path, "'" + mode + "' is not a mode such as rwxr-x---");
        }
        return mode;
    }

    private static MailAddress postmaster(Config config) {
        String path = LOCAL + "postmaster";
        String text = config.getString(path).strip();
        if (text.isEmpty()) {
            text = "postmaster@" + Domain.of(config.getStringList("domains").get(0)).asString();
        }
        try {
            MailAddress postmaster = new MailAddress(text);
            if (config.getStringList("domains").stream().map(Domain::of).noneMatch(postmaster.getDomain()::equals)) {
                throw bad(config, path, text + " is not in one of mailserver.domains");
            }
            return postmaster;
        } catch (AddressException e) {
            throw bad(config, path, "'" + text + "' is not a mail address");
        }
    }

    private static ConfigException bad(Config config, String path, String problem) {
        return new ConfigException.BadValue(config.getValue(path).origin(), "mailserver." + path, problem);
    }
}
