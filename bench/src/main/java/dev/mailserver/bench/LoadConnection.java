package dev.mailserver.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Comparator;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** One client connection: commands out, replies in (multi-line replies read to their last line). */
final class LoadConnection implements AutoCloseable {
    private static final int TIMEOUT_MILLIS = 120_000;
    private static final SSLContext TRUST_ALL = trustAll();

    private Socket socket;
    private InputStream in;
    private OutputStream out;

    private LoadConnection(Socket socket) throws IOException {
        use(socket);
    }

    /** Connects and reads the greeting, nothing more. */
    static LoadConnection greeted(LoadOptions options) throws IOException {
        LoadConnection connection = connect(options);
        try {
            connection.expect(220);
            return connection;
        } catch (IOException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    private static LoadConnection connect(LoadOptions options) throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(TIMEOUT_MILLIS);
        socket.connect(new InetSocketAddress(options.host(), options.port()), TIMEOUT_MILLIS);
        return new LoadConnection(socket);
    }

    /** Connects, reads the greeting, says EHLO, and does STARTTLS and AUTH PLAIN when asked to. */
    static LoadConnection open(LoadOptions options) throws IOException {
        LoadConnection connection = greeted(options);
        try {
            connection.command("EHLO " + options.helo(), 250);
            if (options.starttls()) {
                connection.command("STARTTLS", 220);
                connection.startTls(options.host(), options.port());
                connection.command("EHLO " + options.helo(), 250);
            }
            if (options.authUser() != null) {
                String plain = Base64.getEncoder().encodeToString(("\0" + options.authUser() + "\0" + options.authPassword())
                    .getBytes(StandardCharsets.UTF_8));
                connection.command("AUTH PLAIN " + plain, 235);
            }
            return connection;
        } catch (IOException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    void write(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
    }

    void flush() throws IOException {
        out.flush();
    }

    /** Sends one command and checks its reply code. */
    void command(String line, int expected) throws IOException {
        write(line);
        flush();
        expect(expected);
    }

    /** Reads one reply and fails unless it has the expected code. */
    void expect(int expected) throws IOException {
        String reply = readReply();
        if (!reply.startsWith(Integer.toString(expected))) {
            throw new UnexpectedReply(expected, reply);
        }
    }

    private String readReply() throws IOException {
        while (true) {
            String line = readLine();
            if (line.length() < 4 || line.charAt(3) != '-') {
                return line;
            }
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("connection closed by the server");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    private void startTls(String host, int port) throws IOException {
        SSLSocket tls = (SSLSocket) TRUST_ALL.getSocketFactory().createSocket(socket, host, port, true);
        tls.setUseClientMode(true);
        tls.setEnabledCipherSuites(chaCha20First(tls.getEnabledCipherSuites()));
        tls.startHandshake();
        use(tls);
    }

    /**
     * The client's suites with ChaCha20-Poly1305 first: bench/run starts the client with C1 only, where the JDK's
     * AES-GCM runs in plain Java, several times slower. A server that follows the client's order (Postfix by
     * default) then costs the client less.
     */
    private static String[] chaCha20First(String[] suites) {
        return Stream.of(suites).sorted(Comparator.comparing(suite -> !suite.contains("CHACHA20"))).toArray(String[]::new);
    }

    private void use(Socket connected) throws IOException {
        this.socket = connected;
        this.in = new BufferedInputStream(connected.getInputStream(), 16 * 1024);
        this.out = new BufferedOutputStream(connected.getOutputStream(), 64 * 1024);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
    }

    /** The benchmark's servers have throwaway self-signed certificates on loopback. */
    private static SSLContext trustAll() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, new SecureRandom());
            return context;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static final class UnexpectedReply extends IOException {
        UnexpectedReply(int expected, String reply) {
            super("expected " + expected + ", got: " + reply);
        }
    }
}
