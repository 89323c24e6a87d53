package dev.mailserver.app.managesieve;

import java.util.function.Supplier;

import javax.net.ssl.SSLContext;

import dev.mailserver.core.directory.PasswordLogin;
import dev.mailserver.storage.sieve.SieveScripts;

/** What the sessions of the listener share. */
record ManageSieveServices(ManageSieveSettings settings, Supplier<SSLContext> tls, PasswordLogin login, SieveScripts scripts) {
}
