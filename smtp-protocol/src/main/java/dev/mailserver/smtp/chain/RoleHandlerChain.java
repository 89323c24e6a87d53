package dev.mailserver.smtp.chain;

import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.protocols.api.handler.CommandDispatcher;
import org.apache.james.protocols.api.handler.CommandHandlerResultLogger;
import org.apache.james.protocols.api.handler.WiringException;
import org.apache.james.protocols.smtp.SMTPProtocolHandlerChain;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.ExpnCmdHandler;
import org.apache.james.protocols.smtp.core.HeloCmdHandler;
import org.apache.james.protocols.smtp.core.HelpCmdHandler;
import org.apache.james.protocols.smtp.core.NoopCmdHandler;
import org.apache.james.protocols.smtp.core.QuitCmdHandler;
import org.apache.james.protocols.smtp.core.RsetCmdHandler;
import org.apache.james.protocols.smtp.core.UnknownCmdHandler;
import org.apache.james.protocols.smtp.core.VrfyCmdHandler;
import org.apache.james.protocols.smtp.core.WelcomeMessageHandler;
import org.apache.james.protocols.smtp.core.esmtp.EhloCmdHandler;

import dev.mailserver.smtp.ListenerRole;
import dev.mailserver.smtp.ListenerServices;
import dev.mailserver.smtp.ListenerSettings;
import dev.mailserver.smtp.SessionLimits;
import dev.mailserver.smtp.TlsMode;
import dev.mailserver.smtp.auth.AuthCommandHandler;
import dev.mailserver.smtp.data.BdatCmdHandler;
import dev.mailserver.smtp.data.CrlfOnlyDataFilter;
import dev.mailserver.smtp.data.OverlongLineDataFilter;
import dev.mailserver.smtp.data.QueueHandoff;
import dev.mailserver.smtp.data.ReceivedHeaderFilter;
import dev.mailserver.smtp.data.SpoolingDataCmdHandler;
import dev.mailserver.smtp.data.SubmissionHeadersFilter;
import dev.mailserver.smtp.extension.EnvelopeParameters;
import dev.mailserver.smtp.extension.EsmtpKeywords;
import dev.mailserver.smtp.extension.TransactionRcptCmdHandler;
import dev.mailserver.smtp.plugin.PluginCommandDispatcher;
import dev.mailserver.smtp.plugin.PluginHeaderFilter;
import dev.mailserver.smtp.plugin.PluginRounds;
import dev.mailserver.smtp.plugin.PluginWelcomeHandler;
import dev.mailserver.smtp.server.CommandLimits;
import dev.mailserver.smtp.server.InFlightTransactions;
import dev.mailserver.smtp.server.NoopMetricFactory;
import dev.mailserver.smtp.tls.GuardedStartTlsHandler;

/**
 * The handler chain of one listener, decided by its role (see {@link ListenerRole}).
 *
 * <p>Built from an empty chain rather than by editing the library's defaults, so that the defaults we
 * must not have stay out: {@code PostmasterAbuseRcptHook} (accepts postmaster@ and abuse@ of any
 * domain, an open relay), {@code ReceivedDataLineFilter} (blocking reverse DNS on the IO thread),
 * {@code DataLineMessageHookHandler} (message on the heap, synchronous hooks), {@code AuthCmdHandler}
 * (AUTH without TLS, password checks on the IO thread) and the unguarded {@code StartTlsCmdHandler}.
 */
public final class RoleHandlerChain {
    private RoleHandlerChain() {
    }

    public static SMTPProtocolHandlerChain build(ListenerSettings settings, ListenerServices services, InFlightTransactions inFlight)
            throws WiringException {
        MetricFactory metrics = new NoopMetricFactory();
        SessionLimits limits = settings.limits();
        SMTPProtocolHandlerChain chain = new SMTPProtocolHandlerChain(metrics, false);
        PluginRounds plugins = services.plugins();
        boolean withPlugins = !plugins.isEmpty();
        LocalRecipientsOnlyHook recipientRule = new LocalRecipientsOnlyHook(services.directory(), services.trusted());
        CommandDispatcher<SMTPSession> dispatcher = withPlugins ? new PluginCommandDispatcher(plugins, recipientRule::refuses)
            : new CommandDispatcher<>();
        chain.add(dispatcher);
        chain.add(withPlugins ? new PluginWelcomeHandler(plugins) : new WelcomeMessageHandler());
        chain.add(new EhloCmdHandler(metrics));
        chain.add(new HeloCmdHandler(metrics));
        if (settings.tls() == TlsMode.STARTTLS) {
            chain.add(new GuardedStartTlsHandler(dispatcher));
        }
        chain.add(new StrictMailCmdHandler(metrics, limits.maxTransactions()));
        chain.add(new TransactionRcptCmdHandler());
        SpoolingDataCmdHandler data = new SpoolingDataCmdHandler(services.spool(), inFlight);
        chain.add(data);
        chain.add(new BdatCmdHandler(data, limits.maxLineLength()));
        chain.add(new RsetCmdHandler());
        chain.add(new NoopCmdHandler());
        chain.add(new QuitCmdHandler(metrics));
        chain.add(new VrfyCmdHandler());
        chain.add(new ExpnCmdHandler());
        chain.add(new HelpCmdHandler());
        chain.add(new UnknownCmdHandler(metrics));
        chain.add(new EsmtpKeywords(limits));
        if (settings.role() == ListenerRole.SUBMISSION) {
            chain.add(new AuthCommandHandler(services.users(), services.passwordChecks(), services.authFailures(), limits.maxAuthFailures(),
                withPlugins ? plugins : null, () -> services.events().authFailed(settings), services.bearerTokens()));
            chain.add(new SubmissionSenderRule(services.users()));
            chain.add(MailParameter.auth());
        }
        // MAIL parameters beyond SIZE (MessageSizeLimit): only those in the chain are accepted.
        chain.add(MailParameter.body());
        chain.add(new StorageSpaceHook(services.queue()));

        // RCPT hooks run in this order: the count first, so that every command counts.
        chain.add(new RecipientLimitHook(limits.maxRecipients()));
        chain.add(new DuplicateRecipientHook());
        // The MAIL and RCPT parameters of our extensions; before any RCPT hook that accepts.
        chain.add(new EnvelopeParameters());
        // The server's own rules (syntax, relay, recipient existence) before policy hooks and plugins.
        chain.add(recipientRule);
        if (withPlugins) {
            // The plugins' HELO, MAIL, RCPT and unknown-command decisions, after the server's own rules of each phase.
            chain.add(new PluginCommandDispatcher.Verdict());
        }

        // DATA line filters run in this order; the queue hand-off must be last.
        chain.add(new CrlfOnlyDataFilter());
        chain.add(new OverlongLineDataFilter(limits.maxLineLength()));
        chain.add(new MessageSizeLimit());
        chain.add(new ReceivedHeaderFilter(settings.hostname()));
        if (settings.role() == ListenerRole.SUBMISSION) {
            chain.add(new SubmissionHeadersFilter(settings.hostname()));
        }
        if (withPlugins) {
            chain.add(new PluginHeaderFilter(plugins));
        }
        chain.add(new QueueHandoff(services.intake(), withPlugins ? plugins : null, services.mailAuthentication(), settings.role(),
            services.trusted()));

        // Result handlers see each command's reply in this order.
        chain.add(new LibraryReplyTexts());
        chain.add(new EnhancedStatusCodes());
        chain.add(new CommandLimits(limits.maxErrors(), limits.maxCommands()));
        chain.add(new CommandHandlerResultLogger());
        chain.wireExtensibleHandlers();
        return chain;
    }
}
