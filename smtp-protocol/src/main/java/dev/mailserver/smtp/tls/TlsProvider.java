package dev.mailserver.smtp.tls;

/** The TLS implementation the listeners run on. */
public enum TlsProvider {
    /**
     * BoringSSL, through netty-tcnative: AES-GCM in the processor's instructions whatever the JIT compiles, and
     * handshakes at a fraction of the JDK's cost. Where its native library does not load, the JDK's is used.
     */
    BORINGSSL,
    /** The JDK's own TLS (JSSE). */
    JDK
}
