package dev.mailserver.app.managesieve;

import java.util.function.Supplier;

import io.netty.handler.ssl.SslContext;

import dev.mailserver.core.directory.PasswordLogin;
import dev.mailserver.storage.sieve.SieveScripts;

/** What the sessions of the listener share. */
record ManageSieveServices(ManageSieveSettings settings, Supplier<SslContext> tls, PasswordLogin login, SieveScripts scripts) {
}
