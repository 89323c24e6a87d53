package dev.mailserver.smtp;

import java.util.concurrent.Executor;

import dev.mailserver.core.directory.RecipientDirectory;
import dev.mailserver.core.directory.UserDirectory;
import dev.mailserver.core.queue.MailIntake;
import dev.mailserver.core.queue.MailQueue;
import dev.mailserver.smtp.auth.AuthFailures;
import dev.mailserver.smtp.auth.BearerTokens;
import dev.mailserver.smtp.data.IncomingSpool;
import dev.mailserver.smtp.mailauth.MessageAuthentication;
import dev.mailserver.smtp.plugin.PluginRounds;

/**
 * What the handlers of one listener work with. {@code users} is only used by submission listeners; {@code plugins} may be
 * empty; {@code mailAuthentication} is null when neither checks nor signing are configured; {@code bearerTokens}
 * is null when OAuth logins are not offered; {@code trusted} may relay on MTA listeners. Received mail goes to
 * {@code intake}; {@code queue} answers for the spool's free space.
 */
public record ListenerServices(RecipientDirectory directory, UserDirectory users, MailQueue queue, MailIntake intake,
                        IncomingSpool spool,
                        Executor passwordChecks, AuthFailures authFailures, PluginRounds plugins, ListenerEvents events,
                        MessageAuthentication mailAuthentication, BearerTokens bearerTokens, TrustedNetworks trusted) {
}
