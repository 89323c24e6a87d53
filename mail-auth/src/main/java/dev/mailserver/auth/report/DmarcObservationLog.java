package dev.mailserver.auth.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

import dev.mailserver.auth.dmarc.DmarcRecord;
import dev.mailserver.auth.inbound.InboundAuthentication;

/**
 * The DMARC observations of received mail, one file a day (UTC) in a directory:
 * {@code <dir>/<yyyy-mm-dd>.tsv}, a line per message that had a DMARC record. Appends are serialized.
 */
public final class DmarcObservationLog {
    private final Path directory;

    public DmarcObservationLog(Path directory) {
        this.directory = directory;
    }

    /** Records the message when DMARC found a record for it; does nothing otherwise. Blocks on the file. */
    public synchronized void record(String sourceIp, InboundAuthentication authentication, Instant time) throws IOException {
        if (authentication.dmarc().record().isEmpty()) {
            return;
        }
        DmarcRecord record = authentication.dmarc().record().get();
        DmarcObservation.PublishedPolicy policy = new DmarcObservation.PublishedPolicy(record.policy().keyword(),
            record.subdomainPolicy().orElse(record.policy()).keyword(), record.percent(),
            record.strictDkim() ? "s" : "r", record.strictSpf() ? "s" : "r", record.aggregateReportAddresses());
        DmarcObservation observation = new DmarcObservation(time, sourceIp, authentication.dmarc().fromDomain(),
            authentication.dmarc().policyDomain(), policy, authentication.dmarc().disposition().keyword(),
            authentication.dmarc().dkimAligned(), authentication.dmarc().spfAligned(), authentication.spf().domain(),
            authentication.spf().result().keyword(),
            authentication.dkim().stream().map(dkim -> dkim.domain() + "=" + dkim.status().keyword()).toList());
        Files.createDirectories(directory);
        Files.writeString(file(time.atZone(ZoneOffset.UTC).toLocalDate()), observation.toLine() + "\n", StandardCharsets.UTF_8,
            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** The observations of one day, oldest first; none when nothing was recorded. */
    public synchronized List<DmarcObservation> day(LocalDate day) throws IOException {
        Path file = file(day);
        if (!Files.exists(file)) {
            return List.of();
        }
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(line -> !line.isBlank()).map(DmarcObservation::parse).toList();
    }

    /** The observations of one day for one policy domain. */
    public List<DmarcObservation> day(LocalDate day, String policyDomain) throws IOException {
        String domain = policyDomain.toLowerCase(Locale.ROOT);
        return day(day).stream().filter(observation -> observation.policyDomain().equals(domain)).toList();
    }

    private Path file(LocalDate day) {
        return directory.resolve(day + ".tsv");
    }
}
