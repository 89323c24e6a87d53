package dev.mailserver.app.managesieve;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.timeout.IdleStateHandler;

import dev.mailserver.core.directory.LoginFailures;
import dev.mailserver.core.directory.PasswordLogin;
import dev.mailserver.core.directory.UserDirectory;
import dev.mailserver.storage.sieve.SieveScripts;

/**
 * A ManageSieve listener (RFC 5804, port 4190): users manage their own Sieve scripts with a mail client
 * (Thunderbird's sieve add-on, Roundcube's managesieve plugin, sieve-connect), logging in after STARTTLS with the
 * address and password they have for SMTP submission.
 */
public final class ManageSieveListener implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(ManageSieveListener.class);

    private final ManageSieveServices services;
    private EventLoopGroup group;
    private Channel server;

    /**
     * @param tls the certificate to offer after STARTTLS, asked for each connection (so that a renewed one is used)
     * @param failures failed logins per client address, shared with the other listeners
     */
    public ManageSieveListener(ManageSieveSettings settings, Supplier<SSLContext> tls, UserDirectory users, LoginFailures failures,
                               SieveScripts scripts) {
        this.services = new ManageSieveServices(Objects.requireNonNull(settings, "settings"), Objects.requireNonNull(tls, "tls"),
            new PasswordLogin(users, failures), Objects.requireNonNull(scripts, "scripts"));
    }

    public synchronized void start() throws InterruptedException {
        group = new NioEventLoopGroup(1);
        long idle = services.settings().idleTimeout().toMillis();
        ChannelFuture bound = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel channel) {
                    ManageSieveDecoder decoder = new ManageSieveDecoder();
                    channel.pipeline().addLast(new IdleStateHandler(0, 0, idle, TimeUnit.MILLISECONDS), decoder,
                        new ManageSieveSession(services, decoder));
                }
            })
            .bind(services.settings().address()).await();
        if (!bound.isSuccess()) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw new IllegalStateException("the ManageSieve listener cannot listen on " + services.settings().address() + ": "
                + bound.cause().getMessage(), bound.cause());
        }
        server = bound.channel();
        LOGGER.info("ManageSieve listener on {}", address());
    }

    /** Where it listens (the actual port when port 0 was asked for). */
    public InetSocketAddress address() {
        return (InetSocketAddress) server.localAddress();
    }

    public synchronized void stop() {
        if (server != null) {
            server.close().syncUninterruptibly();
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
            server = null;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
