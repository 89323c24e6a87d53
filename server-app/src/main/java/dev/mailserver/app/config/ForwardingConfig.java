package dev.mailserver.app.config;

import java.nio.file.Path;
import java.time.Duration;

import org.apache.james.core.Domain;

/**
 * The {@code mailserver.delivery.forwarding} settings in effect, read and checked by {@link ForwardingConfigLoader}.
 *
 * @param srs whether forwards go out from an SRS address of {@code domain} rather than from their original sender
 * @param domain the local domain of SRS addresses and of ARC seals (d=)
 * @param srsSecretFile the SRS secrets, one a line
 * @param srsMaxAge how long an SRS address takes bounces
 * @param arcSeal whether forwards get an ARC set
 */
public record ForwardingConfig(boolean srs, Domain domain, Path srsSecretFile, Duration srsMaxAge, boolean arcSeal) {
}
