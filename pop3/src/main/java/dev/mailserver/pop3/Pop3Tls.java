package dev.mailserver.pop3;

/** How a POP3 listener offers TLS: after {@code STLS} (RFC 2595, port 110) or from the first byte (RFC 8314, port 995). */
public enum Pop3Tls {
    STARTTLS,
    IMPLICIT
}
