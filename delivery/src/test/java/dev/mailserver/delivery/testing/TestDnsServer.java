package dev.mailserver.delivery.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * A DNS server on 127.0.0.1 (UDP, a free port) that answers from records a test gives it: names it has
 * records for exist, other names get NXDOMAIN, and names marked as failing get SERVFAIL.
 */
public final class TestDnsServer implements AutoCloseable {
    private static final long TTL = 60;

    private final DatagramSocket socket;
    private final Map<Name, List<Record>> records = new ConcurrentHashMap<>();
    private final Set<Name> failing = ConcurrentHashMap.newKeySet();
    private final Set<Name> failingOtherTypes = ConcurrentHashMap.newKeySet();
    private final List<TestSignedZone> zones = new CopyOnWriteArrayList<>();
    private final Thread serving;

    private TestDnsServer(DatagramSocket socket) {
        this.socket = socket;
        this.serving = Thread.ofVirtual().name("test-dns").start(this::serve);
    }

    public static TestDnsServer start() throws SocketException {
        return new TestDnsServer(new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)));
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    public TestDnsServer mx(String domain, int preference, String host) {
        Name target = host.isEmpty() ? Name.root : name(host);
        return add(new MXRecord(name(domain), DClass.IN, TTL, preference, target));
    }

    /** An A or AAAA record, after the address's family (an IP literal). */
    public TestDnsServer address(String host, String address) {
        InetAddress parsed = literal(address);
        return add(parsed.getAddress().length == 4
            ? new ARecord(name(host), DClass.IN, TTL, parsed)
            : new AAAARecord(name(host), DClass.IN, TTL, parsed));
    }

    /**
     * A TXT record of these strings (one record; a reader joins them). A string longer than a TXT string
     * may be (255 bytes, e.g. a 2048-bit DKIM key record) is split into several.
     */
    public TestDnsServer txt(String name, String... strings) {
        List<String> pieces = new ArrayList<>();
        for (String string : strings) {
            for (int i = 0; i < Math.max(1, string.length()); i += 255) {
                pieces.add(string.substring(i, Math.min(string.length(), i + 255)));
            }
        }
        return add(new TXTRecord(name(name), DClass.IN, TTL, pieces));
    }

    /** The TXT record of a name, in place of any it had. */
    public TestDnsServer replaceTxt(String name, String text) {
        records.computeIfAbsent(name(name), key -> new CopyOnWriteArrayList<>()).removeIf(record -> record.getType() == Type.TXT);
        return add(new TXTRecord(name(name), DClass.IN, TTL, text));
    }

    /** Answers for names in the zone come from it, signed. */
    public TestDnsServer zone(TestSignedZone zone) {
        zones.add(zone);
        return this;
    }

    /** A PTR record for an IP literal's reverse name. */
    public TestDnsServer ptr(String address, String host) {
        return add(new PTRRecord(ReverseMap.fromAddress(literal(address)), DClass.IN, TTL, name(host)));
    }

    /** A CNAME: look-ups of any type of this name are answered with it (and the target's records). */
    public TestDnsServer cname(String alias, String target) {
        return add(new CNAMERecord(name(alias), DClass.IN, TTL, name(target)));
    }

    /** Any record, for types this class has no shortcut for. */
    public TestDnsServer add(Record record) {
        records.computeIfAbsent(record.getName(), name -> new CopyOnWriteArrayList<>()).add(record);
        return this;
    }

    /** Look-ups of this name for a type it has no records of get SERVFAIL (as if they timed out). */
    public TestDnsServer failingOtherTypes(String domain) {
        failingOtherTypes.add(name(domain));
        return this;
    }

    /** Look-ups of this name get SERVFAIL. */
    public TestDnsServer failing(String domain) {
        failing.add(name(domain));
        return this;
    }

    private void serve() {
        byte[] buffer = new byte[4096];
        while (!socket.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                Message query = new Message(packet.getData());
                // Signed answers are larger than 512 bytes: as large as the client's EDNS buffer allows.
                OPTRecord edns = query.getOPT();
                byte[] answer = answer(query).toWire(edns == null ? 512 : Math.max(512, edns.getPayloadSize()));
                socket.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    throw new IllegalStateException("test DNS server failed", e);
                }
            }
        }
    }

    private Message answer(Message query) {
        Record question = query.getQuestion();
        for (TestSignedZone zone : zones) {
            if (zone.covers(question.getName())) {
                Message signed = zone.answer(query);
                if (query.getOPT() != null) {
                    signed.addRecord(new OPTRecord(4096, 0, 0, Flags.DO), Section.ADDITIONAL);
                }
                return signed;
            }
        }
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.AA);
        response.addRecord(question, Section.QUESTION);
        List<Record> known = records.get(question.getName());
        if (failing.contains(question.getName())) {
            response.getHeader().setRcode(Rcode.SERVFAIL);
        } else if (known == null) {
            response.getHeader().setRcode(Rcode.NXDOMAIN);
        } else {
            answerFrom(known, question.getType(), response);
            if (response.getSection(Section.ANSWER).isEmpty() && failingOtherTypes.contains(question.getName())) {
                response.getHeader().setRcode(Rcode.SERVFAIL);
            }
        }
        return response;
    }

    private void answerFrom(List<Record> known, int type, Message response) {
        known.stream().filter(record -> record.getType() == type)
            .forEach(record -> response.addRecord(record, Section.ANSWER));
        if (type == Type.CNAME) {
            return;
        }
        known.stream().filter(record -> record.getType() == Type.CNAME).findFirst().ifPresent(alias -> {
            response.addRecord(alias, Section.ANSWER);
            List<Record> target = records.get(((CNAMERecord) alias).getTarget());
            if (target != null) {
                target.stream().filter(record -> record.getType() == type)
                    .forEach(record -> response.addRecord(record, Section.ANSWER));
            }
        });
    }

    private static InetAddress literal(String address) {
        try {
            return org.xbill.DNS.Address.getByAddress(address);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("not an IP literal: " + address, e);
        }
    }

    private static Name name(String text) {
        try {
            return Name.fromString(text, Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        serving.join(5_000);
    }
}
