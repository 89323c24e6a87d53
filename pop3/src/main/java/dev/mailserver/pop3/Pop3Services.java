package dev.mailserver.pop3;

import java.nio.file.Path;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;

import dev.mailserver.core.directory.PasswordLogin;

/** What the sessions of one listener share. */
record Pop3Services(Pop3Settings settings, Supplier<SSLContext> tls, PasswordLogin login, Path mailRoot, MailboxLocks locks) {
}
