package dev.mailserver.delivery.tlsrpt;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mailserver.delivery.tls.GoverningPolicy;

/** Writes one domain's day as a TLS-RPT report (RFC 8460 section 4.4), in JSON, and gzipped for sending. */
public final class TlsReportJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TlsReportJson() {
    }

    /** @param organization who reports ({@code organization-name}); @param contact how to reach them ({@code contact-info}) */
    public static String report(TlsResultCollector.DomainDay day, String organization, String contact, String reportId) {
        ObjectNode report = JSON.createObjectNode();
        report.put("organization-name", organization);
        ObjectNode range = report.putObject("date-range");
        range.put("start-datetime", DateTimeFormatter.ISO_INSTANT.format(day.day().atStartOfDay(ZoneOffset.UTC)));
        range.put("end-datetime", DateTimeFormatter.ISO_INSTANT.format(day.day().plusDays(1).atStartOfDay(ZoneOffset.UTC).minusSeconds(1)));
        report.put("contact-info", contact);
        report.put("report-id", reportId);
        ArrayNode policies = report.putArray("policies");
        day.policies().forEach((policy, counts) -> {
            ObjectNode entry = policies.addObject();
            policy(entry.putObject("policy"), policy);
            ObjectNode summary = entry.putObject("summary");
            summary.put("total-successful-session-count", counts.successes());
            summary.put("total-failure-session-count", counts.failureCount());
            if (!counts.failures().isEmpty()) {
                ArrayNode details = entry.putArray("failure-details");
                counts.failures().forEach((failure, count) -> {
                    ObjectNode detail = details.addObject();
                    detail.put("result-type", failure.resultType());
                    if (!failure.receivingMx().isEmpty()) {
                        detail.put("receiving-mx-hostname", failure.receivingMx());
                    }
                    if (!failure.receivingIp().isEmpty()) {
                        detail.put("receiving-ip", failure.receivingIp());
                    }
                    detail.put("failed-session-count", count);
                });
            }
        });
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a TLS report", e);
        }
    }

    private static void policy(ObjectNode node, GoverningPolicy policy) {
        node.put("policy-type", policy.type());
        if (!policy.policyStrings().isEmpty()) {
            policy.policyStrings().forEach(node.putArray("policy-string")::add);
        }
        node.put("policy-domain", policy.domain());
        if (!policy.mxHosts().isEmpty()) {
            policy.mxHosts().forEach(node.putArray("mx-host")::add);
        }
    }

    public static byte[] gzip(String json) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
