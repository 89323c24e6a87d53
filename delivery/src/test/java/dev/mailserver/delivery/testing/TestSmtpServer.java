package dev.mailserver.delivery.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A scriptable SMTP server for tests, on a loopback address: it answers as told (per recipient, per
 * message, at the greeting), can drop or stall connections, offers STARTTLS and AUTH when configured,
 * and records what it received. Every wait is bounded.
 */
public final class TestSmtpServer implements AutoCloseable {
    private static final Duration MAX_WAIT = Duration.ofSeconds(20);

    private final ServerSocket listener;
    private final Thread accepting;
    private final Set<Socket> sessions = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger maxOpen = new AtomicInteger();
    private final AtomicInteger transactions = new AtomicInteger();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<String> commands = new CopyOnWriteArrayList<>();

    private volatile Behaviour behaviour = Behaviour.ANSWER;
    private volatile List<String> extensions = new ArrayList<>(List.of("PIPELINING", "SIZE 10000000", "8BITMIME"));
    private volatile Function<String, String> rcptReply = recipient -> "250 2.1.5 Ok";
    private volatile Function<Integer, String> dataReply = transaction -> "250 2.0.0 Ok: queued";
    private volatile SSLContext tls;
    private volatile String requiredLogin;
    private volatile CountDownLatch dataGate = new CountDownLatch(0);
    private volatile boolean holdEnvelopeReplies;
    private volatile boolean dataWithoutRecipients;
    private volatile int messagesPerConnection;
    private volatile String farewell;

    public enum Behaviour {
        ANSWER,
        /** Closes each connection at once, before the greeting. */
        DROP,
        /** Accepts connections and never says anything. */
        STALL
    }

    /** What the server took responsibility for. */
    public record Received(String mailFrom, List<String> recipients, String content, boolean overTls, String mailCommand) {
    }

    private TestSmtpServer(ServerSocket listener) {
        this.listener = listener;
        this.accepting = Thread.ofVirtual().name("test-smtp-accept").start(this::acceptWhileOpen);
    }

    /** A server on 127.0.0.1 on a free port. */
    public static TestSmtpServer start() throws IOException {
        return start(InetAddress.getLoopbackAddress(), 0);
    }

    /** A server on another loopback address (e.g. 127.0.0.2), for MX hosts that share the delivery port. */
    public static TestSmtpServer start(InetAddress loopbackAddress, int port) throws IOException {
        if (!loopbackAddress.isLoopbackAddress()) {
            throw new IllegalArgumentException("tests only listen on loopback, not " + loopbackAddress);
        }
        ServerSocket listener = new ServerSocket();
        listener.bind(new InetSocketAddress(loopbackAddress, port), 50);
        return new TestSmtpServer(listener);
    }

    public int port() {
        return listener.getLocalPort();
    }

    public TestSmtpServer behave(Behaviour behaviour) {
        this.behaviour = behaviour;
        return this;
    }

    /** The EHLO keywords offered (STARTTLS and AUTH are added by {@link #offerTls} and {@link #requireLogin}). */
    public TestSmtpServer extensions(String... keywords) {
        this.extensions = new ArrayList<>(List.of(keywords));
        return this;
    }

    public TestSmtpServer rcptReply(Function<String, String> reply) {
        this.rcptReply = reply;
        return this;
    }

    /** The reply at the end of DATA, by transaction number (from 1); null closes the connection without a reply. */
    public TestSmtpServer dataReply(Function<Integer, String> reply) {
        this.dataReply = reply;
        return this;
    }

    /**
     * Answers MAIL and RCPT only once DATA has come, as a server may answer a pipelined group (RFC 2920): a
     * client that waits for those replies before it sends DATA waits until its timeout.
     */
    public TestSmtpServer holdEnvelopeRepliesUntilData() {
        this.holdEnvelopeReplies = true;
        return this;
    }

    /** Says 354 to DATA even when no recipient was accepted (RFC 2920 section 3.1 allows it), and 554 after the content. */
    public TestSmtpServer acceptDataWithoutRecipients() {
        this.dataWithoutRecipients = true;
        return this;
    }

    /**
     * Closes each connection after it has carried {@code messages} messages, as a server whose idle timeout has
     * passed: with {@code farewell} (e.g. a 421 reply) first, or silently when it is null.
     */
    public TestSmtpServer closeAfterMessages(int messages, String farewell) {
        this.messagesPerConnection = messages;
        this.farewell = farewell;
        return this;
    }

    public TestSmtpServer offerTls(SSLContext context) {
        this.tls = context;
        return this;
    }

    /** AUTH PLAIN is offered (after STARTTLS when TLS is offered) and MAIL needs it with these credentials. */
    public TestSmtpServer requireLogin(String username, String password) {
        this.requiredLogin = username + "\0" + password;
        return this;
    }

    /** Holds every reply to DATA's end until {@link #openGate()}. */
    public TestSmtpServer closeGate() {
        this.dataGate = new CountDownLatch(1);
        return this;
    }

    public void openGate() {
        dataGate.countDown();
    }

    public int connections() {
        return connections.get();
    }

    public int openConnections() {
        return open.get();
    }

    public int maxOpenConnections() {
        return maxOpen.get();
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** Every command line received, in order, over all sessions. */
    public List<String> commands() {
        return List.copyOf(commands);
    }

    private void acceptWhileOpen() {
        while (!listener.isClosed()) {
            try {
                Socket socket = listener.accept();
                sessions.add(socket);
                connections.incrementAndGet();
                maxOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
                Thread.ofVirtual().name("test-smtp-session").start(() -> serve(socket));
            } catch (IOException e) {
                // closed
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setSoTimeout((int) MAX_WAIT.toMillis());
            switch (behaviour) {
                case DROP -> {
                    return;
                }
                case STALL -> {
                    socket.getInputStream().read();
                    return;
                }
                case ANSWER -> new Session(socket).run();
            }

        } catch (IOException | InterruptedException e) {
            // the client went away or the test is over
        } finally {
            sessions.remove(socket);
            open.decrementAndGet();
        }
    }

    private final class Session {
        private Socket socket;
        private BufferedReader in;
        private OutputStream out;
        private boolean overTls;
        private boolean authenticated;
        private String mailFrom;
        private String mailCommand;
        private final List<String> recipients = new ArrayList<>();
        private final StringBuilder chunks = new StringBuilder();
        private final StringBuilder heldReplies = new StringBuilder();
        private int messages;
        private boolean closed;

        Session(Socket socket) throws IOException {
            use(socket);
        }

        private void use(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            this.out = socket.getOutputStream();
        }

        void run() throws IOException, InterruptedException {
            reply("220 test.smtp ESMTP");
            String line;
            while (!closed && (line = in.readLine()) != null) {
                commands.add(line);
                String verb = line.split(" ", 2)[0].toUpperCase(Locale.ROOT);
                switch (verb) {
                    case "EHLO" -> ehlo();
                    case "HELO" -> reply("250 test.smtp");
                    case "STARTTLS" -> startTls();
                    case "AUTH" -> auth(line);
                    case "MAIL" -> mail(line);
                    case "RCPT" -> rcpt(line);
                    case "DATA" -> data();
                    case "BDAT" -> bdat(line);
                    case "RSET" -> {
                        reset();
                        reply("250 2.0.0 Ok");
                    }
                    case "NOOP" -> reply("250 2.0.0 Ok");
                    case "QUIT" -> {
                        reply("221 2.0.0 Bye");
                        return;
                    }
                    default -> reply("502 5.5.2 Error: command not recognized");
                }
            }
        }

        private void ehlo() throws IOException {
            List<String> offered = new ArrayList<>(extensions);
            if (tls != null && !overTls) {
                offered.add("STARTTLS");
            }
            if (requiredLogin != null && (tls == null || overTls)) {
                offered.add("AUTH PLAIN");
            }
            StringBuilder text = new StringBuilder("250-test.smtp");
            for (int i = 0; i < offered.size(); i++) {
                text.append("\r\n250").append(i == offered.size() - 1 ? ' ' : '-').append(offered.get(i));
            }
            reply(offered.isEmpty() ? "250 test.smtp" : text.toString());
        }

        private void startTls() throws IOException {
            reply("220 2.0.0 Ready to start TLS");
            SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(socket, null, socket.getPort(), true);
            secure.setUseClientMode(false);
            secure.startHandshake();
            overTls = true;
            use(secure);
        }

        private void auth(String line) throws IOException {
            String[] words = line.split(" ");
            String response = words.length > 2 ? words[2] : null;
            if (response == null) {
                reply("334 ");
                response = in.readLine();
            }
            String decoded = new String(Base64.getDecoder().decode(response.strip()), StandardCharsets.UTF_8);
            // PLAIN (RFC 4616): authorization id, NUL, user name, NUL, password; the first may be empty.
            authenticated = decoded.substring(decoded.indexOf('\0') + 1).equals(requiredLogin);
            reply(authenticated ? "235 2.7.0 Authentication successful" : "535 5.7.8 Authentication credentials invalid");
        }

        private void mail(String line) throws IOException {
            if (requiredLogin != null && !authenticated) {
                reply("530 5.7.0 Authentication required");
                return;
            }
            mailCommand = line;
            mailFrom = between(line, '<', '>');
            envelopeReply("250 2.1.0 Ok");
        }

        private void rcpt(String line) throws IOException {
            String recipient = between(line, '<', '>');
            String answer = rcptReply.apply(recipient);
            if (answer.startsWith("2")) {
                recipients.add(recipient);
            }
            envelopeReply(answer);
        }

        private void envelopeReply(String text) throws IOException {
            if (holdEnvelopeReplies) {
                heldReplies.append(text).append("\r\n");
            } else {
                reply(text);
            }
        }

        private void data() throws IOException, InterruptedException {
            String held = heldReplies.toString();
            heldReplies.setLength(0);
            if (recipients.isEmpty() && !dataWithoutRecipients) {
                reply(held + "554 5.5.1 Error: no valid recipients");
                return;
            }
            reply(held + "354 End data with <CR><LF>.<CR><LF>");
            StringBuilder content = new StringBuilder();
            String line;
            while ((line = in.readLine()) != null && !line.equals(".")) {
                content.append(line.startsWith(".") ? line.substring(1) : line).append("\r\n");
            }
            if (line == null) {
                return;
            }
            if (recipients.isEmpty()) {
                reply("554 5.5.1 Error: no valid recipients");
                return;
            }
            finishMessage(content.toString());
        }

        private void finishMessage(String content) throws IOException, InterruptedException {
            if (!dataGate.await(MAX_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the test never opened the DATA gate");
            }
            String answer = dataReply.apply(transactions.incrementAndGet());
            if (answer == null) {
                socket.close();
                closed = true;
                return;
            }
            if (answer.startsWith("2")) {
                received.add(new Received(mailFrom, List.copyOf(recipients), content, overTls, mailCommand));
            }
            reset();
            reply(answer);
            if (answer.startsWith("2") && ++messages == messagesPerConnection) {
                if (farewell != null) {
                    reply(farewell);
                }
                socket.close();
                closed = true;
            }
        }

        /** BDAT (RFC 3030) as offered with the CHUNKING keyword: the chunks are kept, in order, as the content. */
        private void bdat(String line) throws IOException, InterruptedException {
            String[] words = line.strip().split(" +");
            int size = Integer.parseInt(words[1]);
            boolean last = words.length > 2 && words[2].equalsIgnoreCase("LAST");
            char[] octets = new char[size];
            for (int read = 0; read < size; ) {
                int count = in.read(octets, read, size - read);
                if (count < 0) {
                    return;
                }
                read += count;
            }
            chunks.append(octets);
            if (!last) {
                reply("250 2.0.0 " + size + " octets received");
                return;
            }
            String content = chunks.toString();
            chunks.setLength(0);
            finishMessage(content);
        }

        private void reset() {
            chunks.setLength(0);
            mailFrom = null;
            recipients.clear();
        }

        private void reply(String text) throws IOException {
            out.write((text + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
    }

    private static String between(String line, char open, char close) {
        int start = line.indexOf(open);
        int end = line.indexOf(close, start + 1);
        return start < 0 || end < 0 ? "" : line.substring(start + 1, end);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        listener.close();
        for (Socket socket : sessions) {
            socket.close();
        }
        accepting.join(5_000);
    }
}
