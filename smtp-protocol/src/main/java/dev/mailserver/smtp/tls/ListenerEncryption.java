package dev.mailserver.smtp.tls;

import org.apache.james.protocols.api.ClientAuth;
import org.apache.james.protocols.netty.Encryption;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslHandler;

/** TLS as one SMTP listener offers it, STARTTLS or implicit: the server's {@link ServerTls}. */
public final class ListenerEncryption implements Encryption {
    private final ServerTls tls;
    private final boolean startTls;

    public ListenerEncryption(ServerTls tls, boolean startTls) {
        this.tls = tls;
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
        return tls.context().cipherSuites().toArray(String[]::new);
    }

    @Override
    public ClientAuth getClientAuth() {
        return ClientAuth.NONE;
    }

    @Override
    public SslHandler sslHandler() {
        return tls.context().newHandler(ByteBufAllocator.DEFAULT);
    }
}
