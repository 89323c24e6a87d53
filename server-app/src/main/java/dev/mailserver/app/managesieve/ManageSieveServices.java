package dev.mailserver.app.managesieve;

import java.util.function.Supplier;

import javax.net.ssl.SSLContext;

import dev.mailserver.core.directory.LoginFailures;
import dev.mailserver.core.directory.UserDirectory;
import dev.mailserver.storage.sieve.SieveScripts;

/** What the sessions of the listener share. */
record ManageSieveServices(ManageSieveSettings settings, Supplier<SSLContext> tls, UserDirectory users, LoginFailures failures,
                           SieveScripts scripts) {
}
