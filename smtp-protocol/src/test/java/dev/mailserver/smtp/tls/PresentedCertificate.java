package dev.mailserver.smtp.tls;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSocket;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;

import dev.mailserver.smtp.testing.TrustingTls;

/** The certificate a client sees in a real handshake with a loopback server that starts TLS with {@link ServerTls#context()}. */
final class PresentedCertificate {
    private static final int TIMEOUT_MILLIS = 10_000;

    private PresentedCertificate() {
    }

    /** The subject of the certificate presented in one handshake. */
    static String subject(ServerTls tls) throws Exception {
        EventLoopGroup group = new NioEventLoopGroup(1);
        try {
            Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(tls.context().newHandler(channel.alloc()));
                    }
                })
                .bind(InetAddress.getLoopbackAddress(), 0).sync().channel();
            int port = ((InetSocketAddress) server.localAddress()).getPort();
            try (SSLSocket client = (SSLSocket) TrustingTls.socketFactory().createSocket(InetAddress.getLoopbackAddress(), port)) {
                client.setSoTimeout(TIMEOUT_MILLIS);
                client.startHandshake();
                return ((X509Certificate) client.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
            } finally {
                server.close().sync();
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}
