package dev.mailserver.auth.inbound;

import java.util.List;
import java.util.Objects;

import dev.mailserver.auth.arc.ArcResult;
import dev.mailserver.auth.dkim.DkimResult;
import dev.mailserver.auth.dmarc.DmarcResult;
import dev.mailserver.core.mime.HeaderSection.Field;
import dev.mailserver.auth.spf.SpfVerdict;

/**
 * The checks of one received message.
 *
 * @param header the Authentication-Results field to put on top of the message
 */
public record InboundAuthentication(SpfVerdict spf, List<DkimResult> dkim, ArcResult arc, DmarcResult dmarc, Field header) {
    public InboundAuthentication {
        Objects.requireNonNull(spf, "spf");
        dkim = List.copyOf(dkim);
        Objects.requireNonNull(arc, "arc");
        Objects.requireNonNull(dmarc, "dmarc");
        Objects.requireNonNull(header, "header");
    }
}
