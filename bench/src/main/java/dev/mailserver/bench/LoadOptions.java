package dev.mailserver.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The load client's command line: {@code --name value} pairs and flags.
 *
 * @param sessions concurrent SMTP connections
 * @param messages messages sent in all
 * @param perConnection messages sent over one connection before it is closed and opened again (0: no limit)
 * @param rate messages per second over all sessions, or 0 for as fast as the server answers
 * @param idle when positive, no mail is sent: this many connections are opened and held, then the time a
 *     further connection waits for its greeting is measured
 */
record LoadOptions(String host, int port, int sessions, int messages, int size, String from, List<String> to,
                   boolean starttls, String authUser, String authPassword, boolean pipelining, int perConnection,
                   double rate, String helo, int idle) {

    static final String USAGE = """
        usage: LoadClient --port N [--host 127.0.0.1] [--sessions 1] [--messages 100] [--size 4096]
                          [--from bench@bench.test] --to rcpt[,rcpt...] [--starttls] [--auth user:password]
                          [--pipelining] [--per-connection N] [--rate MSG_PER_S] [--helo client.bench.test]
                          [--idle CONNECTIONS]
        Prints one line of key=value results: accepted, failed, seconds, rate (msg/s), and the
        DATA-end-to-reply and whole-transaction latencies in ms (p50, p90, p99, max).""";

    static LoadOptions parse(String... args) {
        Map<String, String> values = new HashMap<>();
        List<String> flags = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + arg);
            }
            String name = arg.substring(2);
            switch (name) {
                case "starttls", "pipelining" -> flags.add(name);
                default -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(arg + " needs a value");
                    }
                    values.put(name, args[++i]);
                }
            }
        }
        String auth = values.remove("auth");
        String to = values.remove("to");
        if (to == null || !values.containsKey("port")) {
            throw new IllegalArgumentException("--port and --to are required");
        }
        LoadOptions options = new LoadOptions(values.getOrDefault("host", "127.0.0.1"), Integer.parseInt(values.remove("port")),
            Integer.parseInt(values.getOrDefault("sessions", "1")), Integer.parseInt(values.getOrDefault("messages", "100")),
            Integer.parseInt(values.getOrDefault("size", "4096")), values.getOrDefault("from", "bench@bench.test"),
            List.of(to.split(",")), flags.contains("starttls"),
            auth == null ? null : auth.substring(0, auth.indexOf(':')), auth == null ? null : auth.substring(auth.indexOf(':') + 1),
            flags.contains("pipelining"), Integer.parseInt(values.getOrDefault("per-connection", "0")),
            Double.parseDouble(values.getOrDefault("rate", "0")), values.getOrDefault("helo", "client.bench.test"),
            Integer.parseInt(values.getOrDefault("idle", "0")));
        for (String known : List.of("host", "sessions", "messages", "size", "from", "per-connection", "rate", "helo", "idle")) {
            values.remove(known);
        }
        if (!values.isEmpty()) {
            throw new IllegalArgumentException("unknown options " + values.keySet());
        }
        return options;
    }
}
