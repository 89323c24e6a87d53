package dev.mailserver.pop3;

import java.nio.file.Path;
import java.util.function.Supplier;

import io.netty.handler.ssl.SslContext;

import dev.mailserver.core.directory.PasswordLogin;

/** What the sessions of one listener share. */
record Pop3Services(Pop3Settings settings, Supplier<SslContext> tls, PasswordLogin login, Path mailRoot, MailboxLocks locks) {
}
