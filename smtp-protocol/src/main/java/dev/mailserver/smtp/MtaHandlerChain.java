package dev.mailserver.smtp;

import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.protocols.api.handler.CommandDispatcher;
import org.apache.james.protocols.api.handler.CommandHandlerResultLogger;
import org.apache.james.protocols.api.handler.WiringException;
import org.apache.james.protocols.smtp.SMTPProtocolHandlerChain;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.ExpnCmdHandler;
import org.apache.james.protocols.smtp.core.HeloCmdHandler;
import org.apache.james.protocols.smtp.core.HelpCmdHandler;
import org.apache.james.protocols.smtp.core.MailCmdHandler;
import org.apache.james.protocols.smtp.core.NoopCmdHandler;
import org.apache.james.protocols.smtp.core.QuitCmdHandler;
import org.apache.james.protocols.smtp.core.RcptCmdHandler;
import org.apache.james.protocols.smtp.core.RsetCmdHandler;
import org.apache.james.protocols.smtp.core.UnknownCmdHandler;
import org.apache.james.protocols.smtp.core.VrfyCmdHandler;
import org.apache.james.protocols.smtp.core.WelcomeMessageHandler;
import org.apache.james.protocols.smtp.core.esmtp.EhloCmdHandler;
import org.apache.james.protocols.smtp.core.esmtp.MailSizeEsmtpExtension;
import org.apache.james.protocols.smtp.core.fastfail.MaxRcptHandler;

import dev.mailserver.core.directory.RecipientDirectory;
import dev.mailserver.core.queue.MailQueue;

/**
 * The handler chain of the MTA role: mail from other servers for our own domains.
 *
 * <p>Built from an empty chain rather than by editing the library's defaults, so that the defaults we
 * must not have stay out: {@code PostmasterAbuseRcptHook} (accepts postmaster@ and abuse@ of any
 * domain, an open relay), {@code ReceivedDataLineFilter} (blocking reverse DNS on the IO thread) and
 * {@code DataLineMessageHookHandler} (message on the heap, synchronous hooks).
 */
final class MtaHandlerChain {
    private MtaHandlerChain() {
    }

    static SMTPProtocolHandlerChain build(ListenerSettings settings, RecipientDirectory directory, MailQueue queue,
                                          IncomingSpool spool, InFlightTransactions inFlight) throws WiringException {
        MetricFactory metrics = new NoopMetricFactory();
        SMTPProtocolHandlerChain chain = new SMTPProtocolHandlerChain(metrics, false);
        chain.add(new CommandDispatcher<SMTPSession>());
        chain.add(new WelcomeMessageHandler());
        chain.add(new EhloCmdHandler(metrics));
        chain.add(new HeloCmdHandler(metrics));
        chain.add(new MailCmdHandler(metrics));
        chain.add(new RcptCmdHandler(metrics));
        chain.add(new SpoolingDataCmdHandler(spool, inFlight));
        chain.add(new RsetCmdHandler());
        chain.add(new NoopCmdHandler());
        chain.add(new QuitCmdHandler(metrics));
        chain.add(new VrfyCmdHandler());
        chain.add(new ExpnCmdHandler());
        chain.add(new HelpCmdHandler());
        chain.add(new UnknownCmdHandler(metrics));

        MaxRcptHandler maxRecipients = new MaxRcptHandler();
        maxRecipients.setMaxRcpt(settings.maxRecipients());
        chain.add(maxRecipients);
        chain.add(new LocalRecipientsOnlyHook(directory));

        // DATA line filters run in this order; the queue hand-off must be last.
        chain.add(new CrlfOnlyDataFilter());
        chain.add(new OverlongLineDataFilter(settings.maxLineLength()));
        chain.add(new MailSizeEsmtpExtension());
        chain.add(new ReceivedHeaderFilter(settings.hostname()));
        chain.add(new QueueHandoff(queue));

        chain.add(new CommandHandlerResultLogger());
        chain.wireExtensibleHandlers();
        return chain;
    }
}
