package dev.mailserver.smtp.data;

import java.util.List;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.MailEnvelope;
import org.apache.james.protocols.smtp.core.DataCmdHandler;

import dev.mailserver.core.QueueId;
import dev.mailserver.smtp.server.InFlightTransactions;
import dev.mailserver.smtp.server.NoopMetricFactory;

/** DATA that writes the incoming message to a spool file instead of the heap. */
public final class SpoolingDataCmdHandler extends DataCmdHandler {
    private final IncomingSpool spool;
    private final InFlightTransactions inFlight;

    public SpoolingDataCmdHandler(IncomingSpool spool, InFlightTransactions inFlight) {
        super(new NoopMetricFactory());
        this.spool = spool;
        this.inFlight = inFlight;
    }

    @Override
    protected MailEnvelope createEnvelope(MaybeSender sender, List<MailAddress> recipients) {
        QueueId id = QueueId.generate();
        return new SpooledMessage(id, sender, recipients, spool.fileFor(id), inFlight);
    }
}
