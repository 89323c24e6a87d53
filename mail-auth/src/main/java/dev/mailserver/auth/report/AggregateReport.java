package dev.mailserver.auth.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The aggregate report (RFC 7489 section 7.2 and appendix C) of one policy domain over one period:
 * the observations grouped into rows by source address, evaluated policy, identifiers and results.
 */
public final class AggregateReport {
    private final String orgName;
    private final String email;
    private final String policyDomain;
    private final Instant begin;
    private final Instant end;
    private final List<DmarcObservation> observations;

    /**
     * @param orgName who reports (our host name)
     * @param email where the domain can answer the report
     * @param observations those of {@code policyDomain} within the period
     */
    public AggregateReport(String orgName, String email, String policyDomain, Instant begin, Instant end, List<DmarcObservation> observations) {
        if (observations.isEmpty()) {
            throw new IllegalArgumentException("a report needs at least one observation");
        }
        this.orgName = orgName;
        this.email = email;
        this.policyDomain = policyDomain;
        this.begin = begin;
        this.end = end;
        this.observations = List.copyOf(observations);
    }

    /** The report id: unique per domain and period. */
    public String reportId() {
        return policyDomain + "!" + begin.getEpochSecond() + "!" + end.getEpochSecond();
    }

    /** The file name RFC 7489 section 7.2.1.1 asks for, with .xml.gz. */
    public String fileName() {
        return orgName + "!" + policyDomain + "!" + begin.getEpochSecond() + "!" + end.getEpochSecond() + ".xml.gz";
    }

    public String toXml() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeStartElement("feedback");
            xml.writeStartElement("report_metadata");
            element(xml, "org_name", orgName);
            element(xml, "email", email);
            element(xml, "report_id", reportId());
            xml.writeStartElement("date_range");
            element(xml, "begin", Long.toString(begin.getEpochSecond()));
            element(xml, "end", Long.toString(end.getEpochSecond()));
            xml.writeEndElement();
            xml.writeEndElement();
            DmarcObservation.PublishedPolicy policy = observations.get(observations.size() - 1).policy();
            xml.writeStartElement("policy_published");
            element(xml, "domain", policyDomain);
            element(xml, "adkim", policy.adkim());
            element(xml, "aspf", policy.aspf());
            element(xml, "p", policy.p());
            element(xml, "sp", policy.sp());
            element(xml, "pct", Integer.toString(policy.pct()));
            xml.writeEndElement();
            for (Map.Entry<Row, Integer> row : rows().entrySet()) {
                record(xml, row.getKey(), row.getValue());
            }
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("writing XML into memory failed", e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The XML, gzipped, as it is attached to the report message. */
    public byte[] toGzip() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(toXml().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("gzip into memory failed", e);
        }
        return out.toByteArray();
    }

    private record Row(String sourceIp, String disposition, boolean dkimAligned, boolean spfAligned, String headerFrom,
                       List<String> dkim, String spfDomain, String spfResult) {
    }

    private Map<Row, Integer> rows() {
        Map<Row, Integer> rows = new LinkedHashMap<>();
        for (DmarcObservation o : observations) {
            rows.merge(new Row(o.sourceIp(), o.disposition(), o.dkimAligned(), o.spfAligned(), o.headerFrom(), o.dkim(),
                o.spfDomain(), o.spfResult()), 1, Integer::sum);
        }
        return rows;
    }

    private static void record(XMLStreamWriter xml, Row row, int count) throws XMLStreamException {
        xml.writeStartElement("record");
        xml.writeStartElement("row");
        element(xml, "source_ip", row.sourceIp());
        element(xml, "count", Integer.toString(count));
        xml.writeStartElement("policy_evaluated");
        element(xml, "disposition", row.disposition());
        element(xml, "dkim", row.dkimAligned() ? "pass" : "fail");
        element(xml, "spf", row.spfAligned() ? "pass" : "fail");
        xml.writeEndElement();
        xml.writeEndElement();
        xml.writeStartElement("identifiers");
        element(xml, "header_from", row.headerFrom());
        xml.writeEndElement();
        xml.writeStartElement("auth_results");
        for (String signature : row.dkim()) {
            int equals = signature.lastIndexOf('=');
            xml.writeStartElement("dkim");
            element(xml, "domain", signature.substring(0, equals));
            element(xml, "result", signature.substring(equals + 1));
            xml.writeEndElement();
        }
        xml.writeStartElement("spf");
        element(xml, "domain", row.spfDomain());
        element(xml, "result", row.spfResult());
        xml.writeEndElement();
        xml.writeEndElement();
        xml.writeEndElement();
    }

    private static void element(XMLStreamWriter xml, String name, String text) throws XMLStreamException {
        xml.writeStartElement(name);
        xml.writeCharacters(text);
        xml.writeEndElement();
    }
}
