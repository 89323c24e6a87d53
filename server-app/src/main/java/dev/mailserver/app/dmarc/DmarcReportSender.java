package dev.mailserver.app.dmarc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailserver.app.admin.DmarcRoutes;
import dev.mailserver.app.config.ServerConfig;
import dev.mailserver.auth.dkim.DkimSigner;
import dev.mailserver.auth.dmarc.OrganizationalDomain;
import dev.mailserver.auth.dns.AuthDns;
import dev.mailserver.auth.report.AggregateReport;
import dev.mailserver.auth.report.DmarcObservation;
import dev.mailserver.auth.report.DmarcObservationLog;
import dev.mailserver.core.Envelope;
import dev.mailserver.core.MessageContent;
import dev.mailserver.core.QueueId;
import dev.mailserver.core.queue.MailQueue;

/**
 * Sends yesterday's DMARC aggregate reports (RFC 7489 section 7.2), once, through our own queue: to
 * each domain whose record asks for them with {@code rua=mailto:}, a report address outside the domain
 * only when it agrees ({@code <domain>._report._dmarc.<its domain>}, section 7.1). Checks hourly, so a
 * server that was down at midnight catches up; a {@code <day>.sent} file says a day is done. Days older
 * than {@code mailserver.mail-auth.reports.keep} are deleted.
 */
public final class DmarcReportSender {
    private static final Logger LOGGER = LoggerFactory.getLogger(DmarcReportSender.class);
    private static final Duration CHECK_INTERVAL = Duration.ofHours(1);

    private final ServerConfig config;
    private final DmarcObservationLog observations;
    private final AuthDns dns;
    private final MailQueue queue;
    private final Optional<DkimSigner> signer;
    private final Clock clock;
    private ScheduledExecutorService scheduler;

    public DmarcReportSender(ServerConfig config, DmarcObservationLog observations, AuthDns dns, MailQueue queue,
                             Optional<DkimSigner> signer, Clock clock) {
        this.config = config;
        this.observations = observations;
        this.dns = dns;
        this.queue = queue;
        this.signer = signer;
        this.clock = clock;
    }

    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("dmarc-reports").daemon().factory());
        scheduler.scheduleWithFixedDelay(this::sendDue, 1, CHECK_INTERVAL.toMinutes(), TimeUnit.MINUTES);
    }

    public synchronized void stop() throws InterruptedException {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** The hourly check: yesterday's reports unless sent already, then the clean-up. */
    void sendDue() {
        LocalDate yesterday = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(1);
        try {
            Path done = config.dmarcDir().resolve(yesterday + ".sent");
            if (!Files.exists(done)) {
                int sent = send(yesterday);
                Files.createDirectories(done.getParent());
                Files.writeString(done, sent + "\n");
            }
            deleteOlderThan(yesterday.minusDays(config.mailAuth().keepReports().toDays()));
        } catch (IOException e) {
            LOGGER.warn("DMARC reports of {} not sent, tried again in an hour: {}", yesterday, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Queues the reports of one day; returns how many. */
    public int send(LocalDate day) throws IOException, InterruptedException {
        Map<String, List<DmarcObservation>> byDomain = new TreeMap<>(observations.day(day).stream()
            .collect(Collectors.groupingBy(DmarcObservation::policyDomain)));
        int sent = 0;
        for (Map.Entry<String, List<DmarcObservation>> entry : byDomain.entrySet()) {
            List<DmarcObservation> seen = entry.getValue();
            List<MailAddress> recipients = recipients(entry.getKey(), seen.get(seen.size() - 1).policy().rua());
            if (recipients.isEmpty()) {
                continue;
            }
            AggregateReport report = DmarcRoutes.report(config, entry.getKey(), day, seen);
            MessageContent content = MessageContent.ofBytes(message(report, entry.getKey(), day, recipients));
            if (signer.isPresent()) {
                content = signer.get().sign(content);
            }
            QueueId id = QueueId.generate();
            try {
                queue.enqueue(id, new Envelope(MaybeSender.getMailSender(config.mailAuth().reportsFrom()), recipients), content).get();
            } catch (ExecutionException e) {
                throw new IOException("the queue refused the report for " + entry.getKey() + ": " + e.getCause().getMessage(), e);
            }
            LOGGER.info("{}: DMARC aggregate report of {} for {} ({} messages) to {}", id, day, entry.getKey(), seen.size(),
                recipients.stream().map(MailAddress::asString).collect(Collectors.joining(", ")));
            sent++;
        }
        return sent;
    }

    /** The mailto: addresses of rua=, without size limits, that may receive the domain's reports. */
    private List<MailAddress> recipients(String domain, List<String> rua) {
        List<MailAddress> recipients = new ArrayList<>();
        for (String uri : rua) {
            if (!uri.regionMatches(true, 0, "mailto:", 0, 7)) {
                continue;
            }
            String address = uri.substring(7).replaceAll("!.*", "");
            try {
                MailAddress recipient = new MailAddress(address);
                if (mayReceive(domain, recipient.getDomain().asString())) {
                    recipients.add(recipient);
                } else {
                    LOGGER.info("DMARC reports of {} not sent to {}: {}._report._dmarc.{} does not allow it", domain, address, domain,
                        recipient.getDomain().asString());
                }
            } catch (AddressException e) {
                LOGGER.info("DMARC reports of {}: rua address '{}' is not an address", domain, address);
            }
        }
        return recipients;
    }

    private boolean mayReceive(String domain, String recipientDomain) {
        if (OrganizationalDomain.of(domain).equals(OrganizationalDomain.of(recipientDomain))) {
            return true;
        }
        return dns.txt(domain + "._report._dmarc." + recipientDomain.toLowerCase(Locale.ROOT)).records().stream()
            .anyMatch(record -> record.strip().startsWith("v=DMARC1"));
    }

    private byte[] message(AggregateReport report, String domain, LocalDate day, List<MailAddress> recipients) {
        String boundary = "=_dmarc_" + QueueId.generate().value();
        String text = "From: " + config.mailAuth().reportsFrom() + "\r\n"
            + "To: " + recipients.stream().map(MailAddress::asString).collect(Collectors.joining(", ")) + "\r\n"
            + "Subject: Report Domain: " + domain + " Submitter: " + config.hostname() + " Report-ID: <" + report.reportId() + ">\r\n"
            + "Date: " + DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.ofInstant(clock.instant(), ZoneOffset.UTC)) + "\r\n"
            + "Message-ID: <" + QueueId.generate().value() + ".dmarc@" + config.hostname() + ">\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n"
            + "\r\n"
            + "--" + boundary + "\r\n"
            + "Content-Type: text/plain; charset=us-ascii\r\n"
            + "\r\n"
            + "The DMARC aggregate report of " + domain + " for " + day + " (UTC) from " + config.hostname() + ".\r\n"
            + "--" + boundary + "\r\n"
            + "Content-Type: application/gzip; name=\"" + report.fileName() + "\"\r\n"
            + "Content-Disposition: attachment; filename=\"" + report.fileName() + "\"\r\n"
            + "Content-Transfer-Encoding: base64\r\n"
            + "\r\n"
            + Base64.getMimeEncoder(76, new byte[] {'\r', '\n'}).encodeToString(report.toGzip()) + "\r\n"
            + "--" + boundary + "--\r\n";
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private void deleteOlderThan(LocalDate oldest) throws IOException {
        if (!Files.isDirectory(config.dmarcDir())) {
            return;
        }
        try (Stream<Path> files = Files.list(config.dmarcDir())) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.matches("\\d{4}-\\d{2}-\\d{2}\\.(tsv|sent)") && LocalDate.parse(name.substring(0, 10)).isBefore(oldest)) {
                    Files.delete(file);
                }
            }
        }
    }
}
