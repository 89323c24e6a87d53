package dev.mailserver.delivery.tlsrpt;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.message.BasicBodyFactory;
import org.apache.james.mime4j.message.BodyPartBuilder;
import org.apache.james.mime4j.message.DefaultMessageWriter;
import org.apache.james.mime4j.message.MessageBuilder;
import org.apache.james.mime4j.message.MultipartBuilder;
import org.apache.james.mime4j.stream.NameValuePair;
import org.apache.james.mime4j.stream.RawField;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailserver.core.Envelope;
import dev.mailserver.core.MessageContent;
import dev.mailserver.core.dns.DnsAnswer;
import dev.mailserver.core.queue.MailQueue;
import dev.mailserver.core.QueueId;
import dev.mailserver.delivery.dns.TextLookup;
import dev.mailserver.delivery.https.HttpsClient;

/**
 * Sends each finished day's TLS report (RFC 8460 section 5) to the {@code rua} addresses of the domains
 * that publish an {@code _smtp._tls} TXT record: by mail through our own queue ({@code mailto:}), or by
 * HTTPS POST. Domains without the record get no report.
 */
public final class TlsReportSender {
    private static final Logger LOGGER = LoggerFactory.getLogger(TlsReportSender.class);
    private static final String MEDIA_TYPE = "application/tlsrpt+gzip";

    private final Settings settings;
    private final TextLookup dns;
    private final HttpsClient https;
    private final MailQueue queue;
    private final Clock clock;

    /**
     * @param organization {@code organization-name} of the reports
     * @param contact {@code contact-info} of the reports, e.g. an address
     * @param submitter this MTA's host name, in the reports' subject and file names
     * @param from the sender of report mails
     */
    public record Settings(String organization, String contact, String submitter, MailAddress from) {
        public Settings {
            Objects.requireNonNull(organization, "organization");
            Objects.requireNonNull(contact, "contact");
            Objects.requireNonNull(submitter, "submitter");
            Objects.requireNonNull(from, "from");
        }
    }

    public TlsReportSender(Settings settings, TextLookup dns, HttpsClient https, MailQueue queue, Clock clock) {
        this.settings = settings;
        this.dns = dns;
        this.https = https;
        this.queue = queue;
        this.clock = clock;
    }

    /** Sends the reports of the days the collector has finished; returns how many went out. */
    public int sendFinishedDays(TlsResultCollector collector) {
        int sent = 0;
        for (TlsResultCollector.DomainDay day : collector.takeFinishedDays()) {
            sent += send(day);
        }
        return sent;
    }

    private int send(TlsResultCollector.DomainDay day) {
        DnsAnswer<String> txt = dns.txt("_smtp._tls." + day.domain());
        Optional<List<URI>> addresses = txt.status() == DnsAnswer.Status.FOUND ? TlsRptRecord.reportAddresses(txt.records()) : Optional.empty();
        if (addresses.isEmpty()) {
            return 0;
        }
        String begin = DateTimeFormatter.ISO_INSTANT.format(day.day().atStartOfDay(ZoneOffset.UTC));
        String reportId = begin + "_" + day.domain() + "_" + settings.submitter();
        byte[] report = TlsReportJson.gzip(TlsReportJson.report(day, settings.organization(), settings.contact(), reportId));
        long start = day.day().atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        String fileName = settings.submitter() + "!" + day.domain() + "!" + start + "!" + (start + 86_399) + ".json.gz";
        int sent = 0;
        for (URI address : addresses.get()) {
            try {
                if ("mailto".equalsIgnoreCase(address.getScheme())) {
                    mail(address, day.domain(), reportId, fileName, report);
                } else {
                    HttpsClient.Response response = https.post(address, MEDIA_TYPE, report);
                    if (response.status() / 100 != 2) {
                        throw new IOException(address + " answered HTTP " + response.status());
                    }
                }
                sent++;
                LOGGER.info("TLS report {} for {} sent to {}", reportId, day.domain(), address);
            } catch (IOException | HttpsClient.Failure | IllegalArgumentException e) {
                LOGGER.warn("TLS report {} for {} not sent to {}: {}", reportId, day.domain(), address, e.getMessage());
            }
        }
        return sent;
    }

    private void mail(URI address, String domain, String reportId, String fileName, byte[] report) throws IOException {
        MailAddress recipient;
        try {
            recipient = new MailAddress(URLDecoder.decode(address.getSchemeSpecificPart(), StandardCharsets.UTF_8));
        } catch (javax.mail.internet.AddressException e) {
            throw new IllegalArgumentException("not a mail address: " + address);
        }
        Message message = MessageBuilder.create()
            .setFrom(new Mailbox(settings.from().getLocalPart(), settings.from().getDomain().asString()))
            .setTo(new Mailbox(recipient.getLocalPart(), recipient.getDomain().asString()))
            .setSubject("Report Domain: " + domain + " Submitter: " + settings.submitter() + " Report-ID: <" + reportId + ">")
            .setDate(Date.from(clock.instant()))
            .generateMessageId(settings.submitter())
            .addField(new RawField("TLS-Report-Domain", domain))
            .addField(new RawField("TLS-Report-Submitter", settings.submitter()))
            .addField(new RawField("Auto-Submitted", "auto-generated"))
            .setBody(MultipartBuilder.create("report")
                .addContentTypeParameter(new NameValuePair("report-type", "tlsrpt"))
                .addBodyPart(BodyPartBuilder.create()
                    .setBody("This is an aggregate TLS report (RFC 8460) for " + domain + " from " + settings.submitter() + ".\r\n",
                        StandardCharsets.US_ASCII))
                .addBodyPart(BodyPartBuilder.create()
                    .setBody(BasicBodyFactory.INSTANCE.binaryBody(report))
                    .setContentType(MEDIA_TYPE)
                    .setContentTransferEncoding("base64")
                    .setContentDisposition("attachment", fileName))
                .build())
            .build();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new DefaultMessageWriter().writeMessage(message, bytes);
        try {
            queue.enqueue(QueueId.generate(), new Envelope(MaybeSender.of(settings.from()), List.of(recipient)),
                MessageContent.ofBytes(bytes.toByteArray())).get(1, TimeUnit.MINUTES);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("cannot queue the report: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while queueing the report", e);
        }
    }
}
