package dev.mailserver.auth.arc;

import java.util.Objects;

/**
 * What the ARC chain of a message came to.
 *
 * @param instances the number of ARC sets, 0 without a chain
 * @param reason why it failed, or empty
 */
public record ArcResult(ArcStatus status, int instances, String reason) {
    public ArcResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
    }

    static ArcResult failed(int instances, String reason) {
        return new ArcResult(ArcStatus.FAIL, instances, reason);
    }
}
