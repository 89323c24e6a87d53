package dev.mailserver.app.config;

import dev.mailserver.storage.AddressingRules;

/**
 * The {@code mailserver.delivery.local} settings in effect, read and checked by {@link LocalDeliveryConfigLoader}.
 *
 * @param addressing plus-addressing and where postmaster@ and abuse@ of every local domain go
 */
public record LocalDeliveryConfig(AddressingRules addressing) {
}
