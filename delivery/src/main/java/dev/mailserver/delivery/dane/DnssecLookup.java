package dev.mailserver.delivery.dane;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TLSARecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.dnssec.ValidatingResolver;

/**
 * DNSSEC-validated look-ups with dnsjava's validating resolver, from configured trust anchors (the root's
 * key, or a test zone's): the answer's security decides what DANE may do with it (RFC 7672 section 2.1).
 */
public final class DnssecLookup implements DaneLookup {
    private final ValidatingResolver resolver;

    private DnssecLookup(ValidatingResolver resolver) {
        this.resolver = resolver;
    }

    /**
     * @param servers the name servers asked (they must pass DNSSEC records on); empty for the system's
     * @param trustAnchors DS or DNSKEY records in zone file format, one a line
     * @throws IllegalArgumentException when the trust anchors cannot be read
     */
    public static DnssecLookup using(List<InetSocketAddress> servers, Duration timeout, String trustAnchors) {
        Resolver upstream = servers.isEmpty() ? new ExtendedResolver()
            : new ExtendedResolver(servers.stream().<Resolver>map(SimpleResolver::new).toList());
        ValidatingResolver validating = new ValidatingResolver(upstream);
        validating.setTimeout(timeout);
        validating.setAddReasonToAdditional(true);
        try {
            validating.loadTrustAnchors(new ByteArrayInputStream(trustAnchors.getBytes(StandardCharsets.US_ASCII)));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot read the DNSSEC trust anchors: " + e.getMessage(), e);
        }
        if (validating.getTrustAnchors().items().isEmpty()) {
            throw new IllegalArgumentException("no DNSSEC trust anchor given (DS or DNSKEY records)");
        }
        return new DnssecLookup(validating);
    }

    @Override
    public Security mxSecurity(String domain) {
        return query(domain, Type.MX).security();
    }

    @Override
    public TlsaAnswer tlsa(String host, int port) {
        Answer address = query(host, Type.A);
        if (address.security() instanceof Security.Failed failed) {
            return new TlsaAnswer.Failed("address of " + host + ": " + failed.detail());
        }
        if (address.security() instanceof Security.Insecure) {
            return new TlsaAnswer.Absent();
        }
        Answer tlsa = query("_" + port + "._tcp." + host, Type.TLSA);
        return switch (tlsa.security()) {
            case Security.Failed failed -> new TlsaAnswer.Failed(failed.detail());
            case Security.Insecure insecure -> new TlsaAnswer.Absent();
            case Security.Secure secure -> {
                List<Tlsa> records = tlsa.response().getSection(Section.ANSWER).stream()
                    .filter(TLSARecord.class::isInstance).map(TLSARecord.class::cast)
                    .map(record -> new Tlsa(record.getCertificateUsage(), record.getSelector(), record.getMatchingType(),
                        record.getCertificateAssociationData()))
                    .toList();
                yield records.isEmpty() ? new TlsaAnswer.Absent() : new TlsaAnswer.Secure(records);
            }
        };
    }

    private record Answer(Security security, Message response) {
    }

    private Answer query(String name, int type) {
        Message response;
        try {
            response = resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name.toLowerCase(Locale.ROOT), Name.root), type, DClass.IN)));
        } catch (TextParseException e) {
            return new Answer(new Security.Failed("not a domain name: " + name), null);
        } catch (IOException e) {
            return new Answer(new Security.Failed(Type.string(type) + " look-up of " + name + " failed: " + e.getMessage()), null);
        }
        int rcode = response.getRcode();
        if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
            return new Answer(new Security.Failed(Type.string(type) + " look-up of " + name + ": " + Rcode.string(rcode) + reason(response)), response);
        }
        return new Answer(response.getHeader().getFlag(Flags.AD) ? new Security.Secure() : new Security.Insecure(), response);
    }

    /** The validator's reason for a bogus answer, which it puts in the additional section. */
    private static String reason(Message response) {
        return response.getSection(Section.ADDITIONAL).stream()
            .filter(record -> record instanceof TXTRecord && record.getDClass() == ValidatingResolver.VALIDATION_REASON_QCLASS)
            .map(record -> " (" + String.join(" ", ((TXTRecord) record).getStrings()) + ")")
            .findFirst().orElse("");
    }
}
