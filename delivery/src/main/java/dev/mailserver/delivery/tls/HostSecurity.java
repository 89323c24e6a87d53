package dev.mailserver.delivery.tls;

import java.util.Objects;

import dev.mailserver.core.DeliveryResult;

/** Whether and how to connect to one host of a destination. */
public sealed interface HostSecurity {

    record Connect(ConnectionSecurity security) implements HostSecurity {
        public Connect {
            Objects.requireNonNull(security, "security");
        }
    }

    /** Not this host: its policy forbids it (not listed by MTA-STS) or cannot be known now (bogus DNSSEC). */
    record Skip(DeliveryResult result) implements HostSecurity {
        public Skip {
            Objects.requireNonNull(result, "result");
        }
    }
}
