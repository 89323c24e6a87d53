package dev.mailserver.pop3;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

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
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;

import dev.mailserver.core.directory.LoginFailures;
import dev.mailserver.core.directory.PasswordLogin;
import dev.mailserver.core.directory.UserDirectory;

/**
 * A POP3 listener over the Maildirs of local delivery: users log in with the address and password they have
 * for SMTP submission, only over TLS, and read their INBOX ({@code <mail root>/<domain>/<local part>}).
 */
public final class Pop3Listener implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(Pop3Listener.class);
    /** Shared by every listener of the process: a mailbox open over STLS cannot be opened over implicit TLS as well. */
    private static final MailboxLocks LOCKS = new MailboxLocks();

    private final Pop3Services services;
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private Channel server;

    /**
     * @param tls the certificate to offer, asked for each connection (so that a renewed one is used)
     * @param failures failed logins per client address, shared with the other listeners
     * @param mailRoot where the Maildirs are
     */
    public Pop3Listener(Pop3Settings settings, Supplier<SSLContext> tls, UserDirectory users, LoginFailures failures, Path mailRoot) {
        this.services = new Pop3Services(Objects.requireNonNull(settings, "settings"), Objects.requireNonNull(tls, "tls"),
            new PasswordLogin(users, failures), Objects.requireNonNull(mailRoot, "mailRoot"), LOCKS);
    }

    public synchronized void start() throws InterruptedException {
        boss = new NioEventLoopGroup(1);
        workers = new NioEventLoopGroup(2);
        ChannelFuture bound = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel channel) {
                    if (services.settings().tls() == Pop3Tls.IMPLICIT) {
                        SSLEngine engine = services.tls().get().createSSLEngine();
                        engine.setUseClientMode(false);
                        channel.pipeline().addLast("tls", new SslHandler(engine));
                    }
                    Pop3LineDecoder decoder = new Pop3LineDecoder();
                    long idle = services.settings().idleTimeout().toMillis();
                    channel.pipeline().addLast(new IdleStateHandler(0, 0, idle, TimeUnit.MILLISECONDS), decoder, new Pop3Session(services, decoder));
                }
            })
            .bind(services.settings().address()).await();
        if (!bound.isSuccess()) {
            boss.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw new IllegalStateException("the POP3 listener cannot listen on " + services.settings().address() + ": "
                + bound.cause().getMessage(), bound.cause());
        }
        server = bound.channel();
        LOGGER.info("POP3 listener ({}) on {}", services.settings().tls() == Pop3Tls.IMPLICIT ? "implicit TLS" : "STLS", address());
    }

    /** Where it listens (the actual port when port 0 was asked for). */
    public InetSocketAddress address() {
        return (InetSocketAddress) server.localAddress();
    }

    public synchronized void stop() {
        if (server != null) {
            server.close().syncUninterruptibly();
            boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS);
            server = null;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
