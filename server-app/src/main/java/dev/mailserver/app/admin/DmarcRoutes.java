package dev.mailserver.app.admin;

import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import dev.mailserver.app.config.ServerConfig;
import dev.mailserver.auth.report.AggregateReport;
import dev.mailserver.auth.report.DmarcObservation;
import dev.mailserver.auth.report.DmarcObservationLog;

/**
 * The admin API's DMARC view of received mail: {@code GET /dmarc/{day}} (per policy domain, who sent
 * as it from where, with what result) and {@code GET /dmarc/{day}/{domain}} (that day's aggregate report
 * XML, as it would be sent).
 */
public final class DmarcRoutes {
    private static final String XML_TYPE = "application/xml";

    private final DmarcObservationLog observations;
    private final ServerConfig config;

    public DmarcRoutes(DmarcObservationLog observations, ServerConfig config) {
        this.observations = observations;
        this.config = config;
    }

    /** One policy domain's day. */
    record DomainDay(String domain, int messages, List<String> reportAddresses, List<Source> sources) {
    }

    /** Messages of one source and author domain with one outcome. */
    record Source(String sourceIp, String headerFrom, String disposition, boolean dkimAligned, boolean spfAligned, long count) {
    }

    void addTo(AdminRoutes routes) {
        routes.get("/dmarc/{day}", this::listDay);
        routes.get("/dmarc/{day}/{domain}", this::report);
    }

    private AdminResponse listDay(AdminRequest request) throws IOException {
        Map<String, List<DmarcObservation>> byDomain = new TreeMap<>(observations.day(day(request)).stream()
            .collect(Collectors.groupingBy(DmarcObservation::policyDomain)));
        return AdminResponse.json(byDomain.entrySet().stream().map(entry -> new DomainDay(entry.getKey(), entry.getValue().size(),
            entry.getValue().get(entry.getValue().size() - 1).policy().rua(), sources(entry.getValue()))).toList());
    }

    private static List<Source> sources(List<DmarcObservation> observations) {
        Map<Source, Long> counts = new LinkedHashMap<>();
        for (DmarcObservation o : observations) {
            counts.merge(new Source(o.sourceIp(), o.headerFrom(), o.disposition(), o.dkimAligned(), o.spfAligned(), 0), 1L, Long::sum);
        }
        return counts.entrySet().stream().map(entry -> new Source(entry.getKey().sourceIp(), entry.getKey().headerFrom(),
            entry.getKey().disposition(), entry.getKey().dkimAligned(), entry.getKey().spfAligned(), entry.getValue())).toList();
    }

    private AdminResponse report(AdminRequest request) throws IOException {
        LocalDate day = day(request);
        String domain = request.pathParameter("domain");
        List<DmarcObservation> seen = observations.day(day, domain);
        if (seen.isEmpty()) {
            throw new AdminHttpException(404, "no DMARC outcomes for " + domain + " on " + day);
        }
        return AdminResponse.text(XML_TYPE, report(config, domain, day, seen).toXml());
    }

    /** The aggregate report of a domain's day, from us. */
    public static AggregateReport report(ServerConfig config, String domain, LocalDate day, List<DmarcObservation> seen) {
        return new AggregateReport(config.hostname(), config.mailAuth().reportsFrom(), domain,
            day.atStartOfDay(ZoneOffset.UTC).toInstant(), day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(), seen);
    }

    private static LocalDate day(AdminRequest request) {
        try {
            return LocalDate.parse(request.pathParameter("day"));
        } catch (DateTimeParseException e) {
            throw new AdminHttpException(400, "the day is YYYY-MM-DD, not '" + request.pathParameter("day") + "'");
        }
    }
}
