package dev.mailserver.delivery.testing;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSECRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TLSARecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * A DNSSEC-signed zone for a {@link TestDnsServer}: a key made for the test (ECDSA P-256, algorithm 13),
 * every answer with its RRSIG, and NSEC records proving names and types that do not exist. Its
 * {@link #trustAnchor()} is what a validating resolver is given. RRsets can be made bogus (a broken
 * signature).
 */
public final class TestSignedZone {
    private static final long TTL = 60;

    private final Name origin;
    private final KeyPair key;
    private final DNSKEYRecord dnskey;
    private final Map<Name, List<Record>> records = new ConcurrentHashMap<>();
    private final Set<String> bogus = ConcurrentHashMap.newKeySet();

    public TestSignedZone(String origin) throws GeneralSecurityException {
        this.origin = name(origin);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        this.key = generator.generateKeyPair();
        try {
            this.dnskey = new DNSKEYRecord(this.origin, DClass.IN, TTL, DNSKEYRecord.Flags.ZONE_KEY | DNSKEYRecord.Flags.SEP_KEY,
                DNSKEYRecord.Protocol.DNSSEC, DNSSEC.Algorithm.ECDSAP256SHA256, key.getPublic());
        } catch (DNSSEC.DNSSECException e) {
            throw new GeneralSecurityException(e);
        }
        add(dnskey);
        add(new SOARecord(this.origin, DClass.IN, TTL, name("ns." + origin), name("admin." + origin), 1, 3600, 600, 86400, TTL));
    }

    /** The zone's key as a trust anchor, in zone file format. */
    public String trustAnchor() {
        return dnskey.toString();
    }

    public TestSignedZone txt(String name, String text) {
        return add(new TXTRecord(name(name), DClass.IN, TTL, text));
    }

    public TestSignedZone mx(String domain, int preference, String host) {
        return add(new MXRecord(name(domain), DClass.IN, TTL, preference, name(host)));
    }

    public TestSignedZone address(String host, String address) {
        try {
            return add(new ARecord(name(host), DClass.IN, TTL, org.xbill.DNS.Address.getByAddress(address)));
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(address, e);
        }
    }

    /** A TLSA record for {@code _port._tcp.host} that names this certificate (selector 1: its key; matching 1: SHA-256). */
    public TestSignedZone tlsa(String host, int port, int usage, X509Certificate certificate) throws GeneralSecurityException {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getPublicKey().getEncoded());
        return add(new TLSARecord(name("_" + port + "._tcp." + host), DClass.IN, TTL, usage, 1, 1, digest));
    }

    public TestSignedZone add(Record record) {
        records.computeIfAbsent(record.getName(), name -> new CopyOnWriteArrayList<>()).add(record);
        return this;
    }

    /** The signature of this RRset is broken: validating resolvers find it bogus. */
    public TestSignedZone bogus(String name, int type) {
        bogus.add(name(name) + "/" + type);
        return this;
    }

    boolean covers(Name name) {
        return name.subdomain(origin);
    }

    /** The authoritative answer to a query for a name in the zone. */
    Message answer(Message query) {
        Record question = query.getQuestion();
        Name qname = question.getName();
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.AA);
        response.addRecord(question, Section.QUESTION);
        List<Record> atName = records.get(qname);
        if (atName != null) {
            List<Record> matching = atName.stream().filter(record -> record.getType() == question.getType()).toList();
            if (!matching.isEmpty()) {
                addSigned(response, Section.ANSWER, matching);
                return response;
            }
        }
        addSigned(response, Section.AUTHORITY, records.get(origin).stream().filter(record -> record.getType() == Type.SOA).toList());
        if (atName != null || isEmptyNonTerminal(qname)) {
            nsecCovering(qname).ifPresent(nsec -> addSigned(response, Section.AUTHORITY, List.of(nsec)));
            return response;
        }
        response.getHeader().setRcode(Rcode.NXDOMAIN);
        Name encloser = closestEncloser(qname);
        Set<String> added = new java.util.HashSet<>();
        for (Name denied : List.of(qname, wildcard(encloser))) {
            nsecCovering(denied).filter(nsec -> added.add(nsec.getName().toString())).ifPresent(nsec -> addSigned(response, Section.AUTHORITY, List.of(nsec)));
        }
        return response;
    }

    private void addSigned(Message response, int section, List<Record> rrs) {
        RRset set = new RRset();
        rrs.forEach(set::addRR);
        set.rrs(false).forEach(record -> response.addRecord(record, section));
        response.addRecord(sign(set), section);
    }

    private RRSIGRecord sign(RRset set) {
        Instant now = Instant.now();
        try {
            RRSIGRecord signature = DNSSEC.sign(set, dnskey, key.getPrivate(), now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)));
            if (!bogus.contains(set.getName() + "/" + set.getType())) {
                return signature;
            }
            byte[] broken = signature.getSignature();
            broken[broken.length / 2] ^= 0x55;
            return new RRSIGRecord(signature.getName(), signature.getDClass(), signature.getTTL(), signature.getTypeCovered(),
                signature.getAlgorithm(), signature.getOrigTTL(), signature.getExpire(), signature.getTimeSigned(),
                signature.getFootprint(), signature.getSigner(), broken);
        } catch (DNSSEC.DNSSECException e) {
            throw new IllegalStateException("cannot sign a test RRset", e);
        }
    }

    /** The NSEC record whose owner is {@code name}, or whose span covers it; the chain runs in canonical order. */
    private Optional<NSECRecord> nsecCovering(Name name) {
        List<Name> owners = new ArrayList<>(new TreeSet<>(records.keySet()));
        for (int i = 0; i < owners.size(); i++) {
            Name owner = owners.get(i);
            Name next = owners.get((i + 1) % owners.size());
            boolean last = i == owners.size() - 1;
            if (owner.equals(name) || (owner.compareTo(name) < 0 && (last || name.compareTo(next) < 0))) {
                int[] types = java.util.stream.IntStream.concat(records.get(owner).stream().mapToInt(Record::getType).distinct(),
                    java.util.stream.IntStream.of(Type.NSEC, Type.RRSIG)).sorted().toArray();
                return Optional.of(new NSECRecord(owner, DClass.IN, TTL, next, types));
            }
        }
        return Optional.empty();
    }

    private boolean isEmptyNonTerminal(Name name) {
        return records.keySet().stream().anyMatch(owner -> !owner.equals(name) && owner.subdomain(name));
    }

    private Name closestEncloser(Name name) {
        Name candidate = name;
        while (!candidate.equals(origin)) {
            candidate = new Name(candidate, 1);
            if (records.containsKey(candidate) || isEmptyNonTerminal(candidate)) {
                return candidate;
            }
        }
        return origin;
    }

    private static Name wildcard(Name encloser) {
        try {
            return Name.concatenate(Name.fromString("*"), encloser);
        } catch (TextParseException | org.xbill.DNS.NameTooLongException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Name name(String text) {
        try {
            return Name.fromString(text, Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
