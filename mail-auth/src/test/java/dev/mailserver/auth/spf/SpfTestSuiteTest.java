package dev.mailserver.auth.spf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import dev.mailserver.auth.dns.AuthDns;
import dev.mailserver.delivery.testing.TestDnsServer;

/** Every case of the openspf.org RFC 7208 test suite, each against its zone on a loopback DNS server. */
class SpfTestSuiteTest {

    static Stream<Arguments> cases() throws IOException {
        List<Arguments> cases = new ArrayList<>();
        try (InputStream in = SpfTestSuiteTest.class.getResourceAsStream("/spf/rfc7208-tests.yml")) {
            for (Object document : new Yaml(new LoaderOptions()).loadAll(in)) {
                @SuppressWarnings("unchecked")
                Map<String, Object> scenario = (Map<String, Object>) document;
                if (scenario == null) {
                    continue;
                }
                @SuppressWarnings("unchecked")
                Map<String, Map<String, Object>> tests = (Map<String, Map<String, Object>>) scenario.get("tests");
                tests.forEach((name, test) -> cases.add(Arguments.of(scenario.get("description") + ": " + name, test, scenario.get("zonedata"))));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void caseOfTheSuite(String name, Map<String, Object> test, Map<String, List<Object>> zone) throws Exception {
        try (TestDnsServer server = TestDnsServer.start()) {
            serve(server, zone);
            SpfChecker checker = new SpfChecker(AuthDns.using(List.of(server.address()), Duration.ofSeconds(2)), "receiver.example.org", Clock.systemUTC());

            SpfVerdict verdict = checker.check(InetAddress.getByName((String) test.get("host")), (String) test.get("helo"),
                (String) test.getOrDefault("mailfrom", ""));

            assertThat(verdict.result().keyword()).as(test.get("description") + " (" + test.get("spec") + "): " + verdict.reason())
                .isIn(expected(test.get("result")));
            // "DEFAULT" stands for the receiver's own explanation, which we leave empty
            if (test.containsKey("explanation") && !"DEFAULT".equals(test.get("explanation")) && verdict.result() == SpfResult.FAIL) {
                assertThat(verdict.explanation()).isEqualToIgnoringCase((String) test.get("explanation"));
            }
        }
    }

    private static List<String> expected(Object result) {
        return result instanceof List<?> list ? list.stream().map(Object::toString).toList() : List.of(result.toString());
    }

    /** The zone as pyspf's test driver reads it (see spf/README.md). */
    private static void serve(TestDnsServer server, Map<String, List<Object>> zone) throws IOException {
        for (Map.Entry<String, List<Object>> entry : zone.entrySet()) {
            Name name;
            try {
                name = Name.fromString(entry.getKey(), Name.root);
            } catch (TextParseException e) {
                continue; // a label longer than 63: nobody can ask for it
            }
            boolean hasTxt = entry.getValue().stream().anyMatch(item -> item instanceof Map<?, ?> map && map.containsKey("TXT"));
            boolean timesOut = entry.getValue().contains("TIMEOUT");
            boolean hasRecords = false;
            for (Object item : entry.getValue()) {
                if (!(item instanceof Map<?, ?> map)) {
                    continue;
                }
                for (Map.Entry<?, ?> record : map.entrySet()) {
                    String type = record.getKey().toString();
                    Object value = record.getValue();
                    if (type.equals("SPF") && !hasTxt) {
                        type = "TXT";
                    }
                    if (type.equals("SPF") || "NONE".equals(value) || "TIMEOUT".equals(value)) {
                        continue;
                    }
                    server.add(record(name, type, value));
                    hasRecords = true;
                }
            }
            if (timesOut && hasRecords) {
                server.failingOtherTypes(entry.getKey());
            } else if (timesOut) {
                server.failing(entry.getKey());
            } else if (!hasRecords) {
                server.add(Record.newRecord(name, Type.NULL, DClass.IN, 60, new byte[0]));
            }
        }
    }

    private static Record record(Name name, String type, Object value) throws IOException {
        return switch (type) {
            case "TXT" -> Record.newRecord(name, Type.TXT, DClass.IN, 60, txtData(value));
            case "A", "AAAA" -> Record.fromString(name, Type.value(type), DClass.IN, 60, value.toString(), Name.root);
            case "MX" -> {
                List<?> mx = (List<?>) value;
                yield Record.fromString(name, Type.MX, DClass.IN, 60, mx.get(0) + " " + absolute(mx.get(1).toString()), Name.root);
            }
            case "PTR", "CNAME" -> Record.fromString(name, Type.value(type), DClass.IN, 60, absolute(value.toString()), Name.root);
            default -> throw new IllegalArgumentException("record type " + type + " in the suite");
        };
    }

    private static String absolute(String host) {
        return host.endsWith(".") ? host : host + ".";
    }

    /** TXT RDATA: each string as UTF-8, split into pieces of at most 255 bytes. */
    private static byte[] txtData(Object value) {
        List<String> strings = value instanceof List<?> list ? list.stream().map(Object::toString).toList() : List.of(value.toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String string : strings) {
            byte[] bytes = string.getBytes(StandardCharsets.UTF_8);
            int position = 0;
            do {
                int length = Math.min(255, bytes.length - position);
                out.write(length);
                out.write(bytes, position, length);
                position += length;
            } while (position < bytes.length);
        }
        return out.toByteArray();
    }

}
