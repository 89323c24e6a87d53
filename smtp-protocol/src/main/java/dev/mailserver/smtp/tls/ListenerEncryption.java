package dev.mailserver.smtp.tls;

import javax.net.ssl.SSLEngine;

import org.apache.james.protocols.api.ClientAuth;
import org.apache.james.protocols.netty.Encryption;

import io.netty.handler.ssl.SslHandler;

/**
 * TLS as one listener offers it: TLS 1.2 and 1.3 only, with the JDK's default cipher suites for them,
 * and the server certificate as it stands when the connection starts TLS.
 */
public final class ListenerEncryption implements Encryption {
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final ServerCertificate certificate;
    private final boolean startTls;

    public ListenerEncryption(ServerCertificate certificate, boolean startTls) {
        this.certificate = certificate;
        this.startTls = startTls;
    }

    @Override
    public boolean isStartTLS() {
        return startTls;
    }

    @Override
    public boolean supportsEncryption() {
        return true;
    }

    @Override
    public String[] getEnabledCipherSuites() {
        return null;
    }

    @Override
    public ClientAuth getClientAuth() {
        return ClientAuth.NONE;
    }

    @Override
    public SslHandler sslHandler() {
        SSLEngine engine = certificate.context().createSSLEngine();
        engine.setUseClientMode(false);
        engine.setEnabledProtocols(PROTOCOLS.clone());
        return new SslHandler(engine);
    }
}
